import { assertTenantAccess } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ChainVerificationService } from '../../application/chain-verification.js';
import type { CheckpointService } from '../../application/checkpoints.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { ActivityCheckpoint, ActivitySigningKeySet, ChainVerificationReport } from '../types/index.js';

@Resolver()
export class IntegrityResolver {
  constructor(
    private readonly verification: ChainVerificationService,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Query(() => ChainVerificationReport, {
    nullable: true,
    description:
      "Recomputes the tenant's hash chain over sequences from..to (default: everything retained) and reports every broken link (bounded list).",
  })
  async verifyActivityChain(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('from', () => Int, { nullable: true }) from: number | undefined,
    @Arg('to', () => Int, { nullable: true }) to: number | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ChainVerificationReport> {
    assertTenantAccess(context.identity, tenantId);
    const result = await this.verification.verify(tenantId, from, to);
    return { ...result, breaks: [...result.breaks] };
  }

  @Mutation(() => ActivityCheckpoint, {
    nullable: true,
    description: "Signs the tenant's current chain head now (null when the chain is empty).",
  })
  async createActivityCheckpoint(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityCheckpoint | null> {
    assertTenantAccess(context.identity, tenantId);
    return this.checkpoints.checkpointHead(tenantId);
  }

  @Query(() => ActivityCheckpoint, { nullable: true, description: "The newest signed checkpoint of the tenant's chain." })
  async latestActivityCheckpoint(
    @Arg('tenantId', () => ID) tenantId: string,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityCheckpoint | null> {
    assertTenantAccess(context.identity, tenantId);
    return this.checkpoints.latest(tenantId);
  }

  @Query(() => [ActivityCheckpoint], {
    description: 'Signed heads of the tenant chain with sequence in from..to, oldest first (at most 1000).',
  })
  async activitySignedHeads(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('from', () => Int, { nullable: true }) from: number | undefined,
    @Arg('to', () => Int, { nullable: true }) to: number | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ActivityCheckpoint[]> {
    assertTenantAccess(context.identity, tenantId);
    return this.checkpoints.page(tenantId, Math.max(from ?? 1, 0), to ?? Number.MAX_SAFE_INTEGER);
  }

  @Query(() => ActivitySigningKeySet, {
    description:
      'The public keys that sign chain heads: the current one and retired ones still accepted. Also served as a JWK set at GET /activity/signing-keys.',
  })
  activitySigningKeys(): ActivitySigningKeySet {
    const jwks = this.checkpoints.publicKeys();
    return {
      keys: jwks.keys.map((key) => ({ ...key, current: key.kid === this.checkpoints.currentKeyId })),
      jwks: JSON.stringify(jwks),
    };
  }
}
