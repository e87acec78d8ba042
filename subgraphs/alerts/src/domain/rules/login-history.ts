import type { DetectionEvent } from '../detection-event.js';
import type { EvaluationContext } from './rule.js';
import { accountEvents, byEventTime, minutesAfter, minutesBefore } from './window-helpers.js';

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
  const since = minutesBefore(event.occurredAt, lookbackMinutes);
  const logins = await accountEvents(context, event, 'LOGIN_SUCCEEDED', { since, until: event.occurredAt }, 500);
  return logins.filter((candidate) => byEventTime(candidate, event) < 0);
}

/**
 * Successful logins after this one in event time, up to the tenant's lateness bound: a login shipped late
 * belongs to their baseline (or sits between two of them), so they are judged again.
 */
export async function laterLogins(event: DetectionEvent, context: EvaluationContext, limit: number): Promise<DetectionEvent[]> {
  const until = minutesAfter(event.occurredAt, context.latenessMinutes);
  const logins = await accountEvents(context, event, 'LOGIN_SUCCEEDED', { since: event.occurredAt, until }, 500);
  return logins.filter((candidate) => byEventTime(candidate, event) > 0).slice(0, limit);
}
