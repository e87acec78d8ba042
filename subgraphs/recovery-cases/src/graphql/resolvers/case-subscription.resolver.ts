import { assertTenantAccess, forbidden, hasRole, type Role } from '@vigil/core';
import { Arg, Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { CaseStore } from '../../services/case-store.js';
import type { RecoveryContext } from '../context.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { toCaseView } from '../views.js';

const QUEUE_WATCHERS: Role[] = ['SUPERVISOR', 'ADMIN'];

/** PubSub routing key; the tenant id narrows it so a supervisor only hears their tenants. */
export const RECOVERY_CASE_UPDATED = 'RECOVERY_CASE_UPDATED';

/** What travels on the PubSub: ids only (Redis carries JSON); the subscriber reads the case fresh. */
export interface RecoveryCaseUpdatedMessage {
  readonly caseId: string;
  readonly tenantId: string;
}

@Resolver()
export class RecoveryCaseSubscriptionResolver {
  constructor(private readonly store: CaseStore) {}

  @Subscription(() => RecoveryCaseType, {
    description: "Every change to a case of the tenant: the supervisor's live queue.",
    topics: RECOVERY_CASE_UPDATED,
    // Runs once per subscribe, before anything is delivered. Shield guards only the per-event resolve,
    // so the role and tenant checks happen here too: a refused subscriber is never registered at all.
    topicId: ({ args, context }: SubscribeResolverData<unknown, { tenantId: string }, RecoveryContext>) => {
      if (!hasRole(context.identity, ...QUEUE_WATCHERS))
        throw forbidden(`The live queue needs one of the roles: ${QUEUE_WATCHERS.join(', ')}.`);
      assertTenantAccess(context.identity, args.tenantId);
      return args.tenantId;
    },
  })
  async recoveryCaseUpdated(
    @Root() message: RecoveryCaseUpdatedMessage,
    @Arg('tenantId') _tenantId: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    return toCaseView(await this.store.load(ctx.identity, message.caseId));
  }
}
