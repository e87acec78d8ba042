import { assertTenantAccess, assertTenantReferences, type ActivityCategory, type TenantReferences } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { MAX_CUSTOM_TYPES, MAX_LEGAL_HOLDS } from '../../application/ports.js';
import type { ErasureService } from '../../application/erasure.js';
import type { RetentionPurgeService } from '../../application/retention-purge.js';
import type { RetentionSettings } from '../../application/retention-settings.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { eventTypeInfoOf } from '../mappers/event-type.mapper.js';
import { retentionView } from '../mappers/retention.mapper.js';
import { ActivityCategoryEnum } from '../types/enums.js';
import { ActivityErasureReport, ActivityPurgeReport, ActivityRetention, EventTypeInfo, LegalHold } from '../types/index.js';

/** Tenant-level governance: custom event types, retention, legal holds, erasure, purge. */
@Resolver()
export class GovernanceResolver {
  constructor(
    private readonly settings: TenantSettingsService,
    private readonly retention: RetentionSettings,
    private readonly erasure: ErasureService,
    private readonly purge: RetentionPurgeService,
    private readonly accounts: TenantReferences,
  ) {}

  @Mutation(() => EventTypeInfo, {
    description: `Registers a tenant-specific event type under custom.*; a tenant registers at most ${MAX_CUSTOM_TYPES} (CONFLICT past them).`,
  })
  async registerCustomEventType(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('type', () => String) type: string,
    @Arg('category', () => ActivityCategoryEnum) category: ActivityCategory,
    @Arg('description', () => String) description: string,
    @Ctx() context: ActivityContext,
  ): Promise<EventTypeInfo> {
    assertTenantAccess(context.identity, tenantId);
    const definition = await this.settings.registerCustomType(tenantId, type, category, description, context.identity.subject);
    return eventTypeInfoOf(definition);
  }

  @Query(() => ActivityRetention, { nullable: true })
  async activityRetention(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityRetention> {
    assertTenantAccess(context.identity, tenantId);
    return retentionView(tenantId, await this.retention.retention(tenantId));
  }

  @Mutation(() => ActivityRetention, {
    description: 'Sets the retention of one category, or the tenant default when category is omitted.',
  })
  async setActivityRetention(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('days', () => Int) days: number,
    @Arg('category', () => ActivityCategoryEnum, { nullable: true }) category: ActivityCategory | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityRetention> {
    assertTenantAccess(context.identity, tenantId);
    return retentionView(tenantId, await this.retention.setRetention(tenantId, category ?? null, days));
  }

  @Mutation(() => LegalHold, {
    description: `Blocks the retention purge for the tenant, or for one account when accountId is given. At most ${MAX_LEGAL_HOLDS} holds at once per tenant (CONFLICT past them: release some, or hold the whole tenant). CONFLICT while an erasure the hold would cover is running (it cannot be stopped once begun).`,
  })
  async placeLegalHold(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('reason', () => String) reason: string,
    @Arg('accountId', () => ID, { nullable: true }) accountId: string | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<LegalHold> {
    assertTenantAccess(context.identity, tenantId);
    if (accountId !== undefined && accountId !== null)
      await assertTenantReferences(this.accounts, tenantId, [accountId], 'account');
    return this.retention.placeLegalHold(tenantId, accountId, reason, context.identity.subject);
  }

  @Mutation(() => Boolean)
  async releaseLegalHold(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('holdId', () => ID) holdId: string,
    @Ctx() context: ActivityContext,
  ): Promise<boolean> {
    assertTenantAccess(context.identity, tenantId);
    await this.retention.releaseLegalHold(tenantId, holdId);
    return true;
  }

  @Mutation(() => ActivityErasureReport, {
    description:
      "Right to erasure: pseudonymises the account's PII in every event; the chain still verifies. CONFLICT while a legal hold covers the account or the whole tenant.",
  })
  async eraseAccountActivity(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('accountId', () => ID) accountId: string,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityErasureReport> {
    assertTenantAccess(context.identity, tenantId);
    await assertTenantReferences(this.accounts, tenantId, [accountId], 'account');
    return this.erasure.eraseAccount(context.identity, tenantId, accountId);
  }

  @Mutation(() => ActivityPurgeReport, {
    description: 'Runs the retention purge for the tenant now (it also runs periodically).',
  })
  async purgeExpiredActivity(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityPurgeReport> {
    assertTenantAccess(context.identity, tenantId);
    const report = await this.purge.purgeTenant(tenantId);
    return { ...report, purgedByCategory: [...report.purgedByCategory] };
  }
}
