import { ROLE_GROUPS, assertTenantAccess, forbidden, inRoleGroup } from '@vigil/core';
import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { CaseStore } from '../../application/case-store.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { toCaseView } from '../mappers/case-view.js';

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
      if (!inRoleGroup(context.identity.roles, 'supervisors'))
        throw forbidden(`The live queue needs one of the roles: ${ROLE_GROUPS.supervisors.join(', ')}.`);
      assertTenantAccess(context.identity, args.tenantId);
      return args.tenantId;
    },
  })
  async recoveryCaseUpdated(
    @Root() message: RecoveryCaseUpdatedMessage,
    @Arg('tenantId', () => ID) _tenantId: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    return toCaseView(await this.store.load(ctx.identity, message.caseId));
  }
}
