import type { DetectionEvent } from '../detection-event.js';
import type { EvaluationContext } from './rule.js';
import { byEventTime, minutesAfter, minutesBefore } from './window-helpers.js';

/** Successful logins around one, in event time: the baselines of impossible travel and new device/country. */
export function located(event: DetectionEvent): event is DetectionEvent & { lat: number; lon: number } {
  return typeof event.lat === 'number' && typeof event.lon === 'number';
}

/** Successful logins of the account before this one in event time (the event itself excluded), oldest first. */
export async function previousLogins(
  event: DetectionEvent,
  context: EvaluationContext,
  lookbackMinutes: number,
): Promise<DetectionEvent[]> {
  const logins = await context.history.events({
    tenantId: event.tenantId,
    kind: 'LOGIN_SUCCEEDED',
    accountId: event.accountId,
    since: minutesBefore(event.occurredAt, lookbackMinutes),
    until: event.occurredAt,
    limit: 500,
  });
  return logins.filter((candidate) => byEventTime(candidate, event) < 0);
}

/**
 * Successful logins after this one in event time, up to the tenant's lateness bound: a login shipped late
 * belongs to their baseline (or sits between two of them), so they are judged again.
 */
export async function laterLogins(event: DetectionEvent, context: EvaluationContext, limit: number): Promise<DetectionEvent[]> {
  const logins = await context.history.events({
    tenantId: event.tenantId,
    kind: 'LOGIN_SUCCEEDED',
    accountId: event.accountId,
    since: event.occurredAt,
    until: minutesAfter(event.occurredAt, context.latenessMinutes),
    limit: 500,
  });
  return logins.filter((candidate) => byEventTime(candidate, event) > 0).slice(0, limit);
}
