import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SettingsService } from '../../application/settings.js';
import { assertTenantAccess } from '@vigil/core';
import { checkPattern } from '../inputs/arg-checks.js';
import { ID_PATTERN } from '../inputs/case.inputs.js';
import { slaFrom, verificationFrom } from '../inputs/settings-policy.js';
import { RecoverySettingsInput } from '../inputs/settings.inputs.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { toSettingsView } from '../mappers/report-views.js';
import { RecoverySettingsType } from '../types/report.types.js';

/** The tenant's recovery policy: verification requirements, lock threshold, SLA targets and hours. */
@Resolver()
export class RecoverySettingsResolver {
  constructor(
    private readonly settings: SettingsService,
    private readonly clock: () => Date,
  ) {}

  @Query(() => RecoverySettingsType, { nullable: true })
  async recoverySettings(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoverySettingsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    assertTenantAccess(ctx.identity, tenantId);
    return toSettingsView(await this.settings.forTenant(tenantId));
  }

  @Mutation(() => RecoverySettingsType, { description: 'ADMIN: lock threshold, SLA targets per priority, business hours.' })
  async updateRecoverySettings(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('input', () => RecoverySettingsInput) input: RecoverySettingsInput,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoverySettingsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    assertTenantAccess(ctx.identity, tenantId);
    const current = await this.settings.forTenant(tenantId);
    const verification = verificationFrom(current.verification, input);
    const sla = slaFrom(current.sla, input);
    return toSettingsView(await this.settings.replace(ctx.identity, tenantId, verification, sla, this.clock()));
  }
}
