import { assertTenantAccess } from '@vigil/core';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ChainVerificationService } from '../services/chain-verification.js';
import type { CheckpointService } from '../services/checkpoints.js';
import type { ActivityContext } from './context.js';
import { ActivityCheckpoint, ChainVerificationReport } from './types.js';

@Resolver()
export class IntegrityResolver {
  constructor(
    private readonly verification: ChainVerificationService,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Query(() => ChainVerificationReport, {
    nullable: true,
    description:
      "Recomputes the tenant's hash chain over sequences from..to (default: everything retained) and reports the first broken link.",
  })
  async verifyActivityChain(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('from', () => Int, { nullable: true }) from: number | undefined,
    @Arg('to', () => Int, { nullable: true }) to: number | undefined,
    @Ctx() context: ActivityContext,
  ): Promise<ChainVerificationReport> {
    assertTenantAccess(context.identity, tenantId);
    return this.verification.verify(tenantId, from, to);
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
}
