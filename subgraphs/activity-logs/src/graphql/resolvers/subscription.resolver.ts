import { canAccessTenant } from '@vigil/core';
import { Arg, ID, Resolver, Root, Subscription, Ctx } from 'type-graphql';
import { ACTIVITY_RECORDED_CHANNEL, viewOfLivePayload, type LiveActivityPayload } from '../../adapters/events/wire-payloads.js';
import type { ActivityContext } from '../loaders/activity-loaders.js';
import { present } from '../mappers/activity-event.mapper.js';
import { ActivityEvent } from '../types/index.js';

@Resolver()
export class ActivitySubscriptionResolver {
  @Subscription(() => ActivityEvent, {
    description: "Live timeline: each event recorded for the account, as it is committed (caller's tenants only).",
    topics: ACTIVITY_RECORDED_CHANNEL,
    topicId: ({ args }: { args: { accountId: string } }) => args.accountId,
    // The channel is keyed by account id alone; the tenant check is per event.
    filter: ({ payload, context }: { payload: LiveActivityPayload; context: ActivityContext }) =>
      canAccessTenant(context.identity, payload.tenantId),
  })
  activityRecorded(
    @Root() payload: LiveActivityPayload,
    @Arg('accountId', () => ID) _accountId: string,
    @Ctx() context: ActivityContext,
  ): ActivityEvent {
    return present({ ...viewOfLivePayload(payload), review: { flagged: false } }, context.identity);
  }
}
