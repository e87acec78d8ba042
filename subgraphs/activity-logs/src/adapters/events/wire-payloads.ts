/**
 * What leaves activity-logs about a recorded event: the bus payload of `activity.recorded` (consumers cite its
 * chain position) and the live-subscription payload (plain JSON: the Redis pubsub serialises it).
 */
import type { ActivityRecordedPayload } from '@vigil/core';
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

export function recordedPayload(view: ActivityEventView): ActivityRecordedPayload {
  return {
    eventId: view.id,
    tenantId: view.tenantId,
    accountId: view.accountId,
    type: view.type,
    category: view.category,
    outcome: view.outcome,
    occurredAt: view.occurredAt.toISOString(),
    actor: view.actor,
    ...(view.ip ? { ip: view.ip } : {}),
    ...(view.userAgent ? { userAgent: view.userAgent } : {}),
    ...(view.deviceId ? { deviceId: view.deviceId } : {}),
    ...(view.geo ? { geo: view.geo } : {}),
    firstSeenDevice: view.firstSeenDevice,
    firstSeenCountry: view.firstSeenCountry,
    ...(view.metadata ? { metadata: view.metadata } : {}),
    // Chain position and hash: consumers (alerts) cite them so an auditor can verify the evidence later.
    sequence: view.sequence,
    hash: view.hash,
  };
}
