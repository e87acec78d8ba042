/**
 * What live subscribers get about a recorded event (plain JSON: the Redis pubsub serialises it). The bus carries
 * one ActivityAppendedPayload per batch; its consumers read the events from the chain (core's activity-chain.ts).
 */
import type { ActivityEventView } from '../../domain/activity-event.js';

/** GraphQL PubSub routing key for `Subscription.activityRecorded`; the dynamic id is the account id. */
export const ACTIVITY_RECORDED_CHANNEL = 'ACTIVITY_RECORDED';

/** What live subscribers receive: the view with ISO dates (revived by `viewOfLivePayload`). */
export type LiveActivityPayload = Omit<ActivityEventView, 'occurredAt' | 'recordedAt' | 'erasedAt'> & {
  occurredAt: string;
  recordedAt: string;
  erasedAt?: string;
};

export function livePayloadOf(view: ActivityEventView): LiveActivityPayload {
  return {
    ...view,
    occurredAt: view.occurredAt.toISOString(),
    recordedAt: view.recordedAt.toISOString(),
    erasedAt: view.erasedAt?.toISOString(),
  };
}

export function viewOfLivePayload(payload: LiveActivityPayload): ActivityEventView {
  const { erasedAt, ...rest } = payload;
  return {
    ...rest,
    occurredAt: new Date(payload.occurredAt),
    recordedAt: new Date(payload.recordedAt),
    ...(erasedAt ? { erasedAt: new Date(erasedAt) } : {}),
  };
}
