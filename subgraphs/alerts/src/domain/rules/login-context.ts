import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import { distanceKm } from '../geo.js';
import {
  byEventTime,
  DAY_MS,
  findings,
  minutesAfter,
  minutesBefore,
  param,
  type EvaluationContext,
  type RuleEvaluator,
} from './evaluator.js';

function located(event: DetectionEvent): event is DetectionEvent & { lat: number; lon: number } {
  return typeof event.lat === 'number' && typeof event.lon === 'number';
}

/** Successful logins of the account before this one in event time (the event itself excluded), oldest first. */
async function previousLogins(
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
async function laterLogins(event: DetectionEvent, context: EvaluationContext, limit: number): Promise<DetectionEvent[]> {
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

function travel(
  previous: DetectionEvent & { lat: number; lon: number },
  next: DetectionEvent & { lat: number; lon: number },
  context: EvaluationContext,
): RuleFinding | null {
  const maxSpeed = param(context, 'maxSpeedKmh');
  const minDistance = param(context, 'minDistanceKm');
  const km = distanceKm(previous, next);
  // Logins in the same minute are treated as one minute apart: a finite, very high speed.
  const hours = Math.max(next.occurredAt.getTime() - previous.occurredAt.getTime(), 60_000) / 3_600_000;
  const speed = km / hours;
  if (km <= minDistance || speed <= maxSpeed) return null;
  const from = previous.country ?? 'unknown';
  const to = next.country ?? 'unknown';
  return {
    ruleId: 'impossible-travel',
    severity: context.rule.severity,
    accountId: next.accountId,
    relatedAccountIds: [next.accountId],
    groupKey: `account:${next.accountId}`,
    values: {
      distanceKm: Math.round(km),
      hoursBetween: Math.round(hours * 100) / 100,
      speedKmh: Math.round(speed),
      fromCountry: from,
      toCountry: to,
    },
    evidenceEventIds: [previous.eventId, next.eventId],
    firedAt: next.occurredAt,
    triggerEventId: next.eventId,
    magnitude: Math.round(speed),
    explanation: `Logins ${Math.round(km)} km apart (${from} → ${to}) ${Math.round(hours * 60)} minutes apart imply ${Math.round(speed)} km/h (limit ${maxSpeed} km/h).`,
  };
}

/** Judges the pair (previous login, this one) and, for a login shipped late, (this one, the next login). */
export const impossibleTravel: RuleEvaluator = {
  ruleId: 'impossible-travel',
  async evaluate(event, context) {
    if (!located(event) || context.allowlist.contains(event.ip)) return null;
    const usable = (candidate: DetectionEvent): candidate is DetectionEvent & { lat: number; lon: number } =>
      located(candidate) && !context.allowlist.contains(candidate.ip);
    const previous = (await previousLogins(event, context, param(context, 'lookbackMinutes'))).filter(usable).at(-1);
    const next = (await laterLogins(event, context, 500)).filter(usable)[0];
    return findings(
      [previous && travel(previous, event, context), next ? travel(event, next, context) : null].map((f) => f ?? null),
    );
  },
};

/**
 * New device or country against the account's baseline. The baseline exists once the account has
 * `baselineLogins` earlier logins or its first known login is `baselineDays` old, whichever comes first;
 * before that the rule is still learning and stays quiet (customers hate alerts on their own first logins).
 */
async function judgeAgainstBaseline(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  if (event.deviceId === undefined && event.country === undefined) return null;
  const baselineDays = param(context, 'baselineDays');
  const baselineLogins = param(context, 'baselineLogins');
  const previous = await previousLogins(event, context, param(context, 'lookbackDays') * 1_440);
  const first = previous[0];
  if (first === undefined) return null;
  const learnedLongEnough = event.occurredAt.getTime() - first.occurredAt.getTime() >= baselineDays * DAY_MS;
  if (previous.length < baselineLogins && !learnedLongEnough) return null;
  const knownDevices = new Set(previous.map((candidate) => candidate.deviceId).filter(Boolean));
  const knownCountries = new Set(previous.map((candidate) => candidate.country).filter(Boolean));
  const newDevice = event.deviceId !== undefined && !knownDevices.has(event.deviceId);
  const newCountry = event.country !== undefined && !knownCountries.has(event.country);
  if (!newDevice && !newCountry) return null;
  const what = [newDevice ? 'a new device' : null, newCountry ? `a new country (${event.country})` : null]
    .filter(Boolean)
    .join(' and ');
  return {
    ruleId: 'new-device-or-country',
    severity: context.rule.severity,
    accountId: event.accountId,
    relatedAccountIds: [event.accountId],
    groupKey: `account:${event.accountId}|device:${newDevice ? event.deviceId : '-'}|country:${newCountry ? event.country : '-'}`,
    values: {
      newDevice: newDevice ? 'yes' : 'no',
      newCountry: newCountry ? (event.country ?? '') : 'no',
      baselineLogins: previous.length,
      knownCountries: [...knownCountries].join(','),
    },
    evidenceEventIds: [event.eventId],
    firedAt: event.occurredAt,
    triggerEventId: event.eventId,
    explanation: `Successful login from ${what}, compared with ${previous.length} earlier logins.`,
  };
}

/** Baseline logins may arrive after the login they are the baseline of: later logins are judged again. */
const REJUDGED_LOGINS = 50;

export const newDeviceOrCountry: RuleEvaluator = {
  ruleId: 'new-device-or-country',
  async evaluate(event, context) {
    const later = await laterLogins(event, context, REJUDGED_LOGINS);
    return findings(await Promise.all([event, ...later].map((login) => judgeAgainstBaseline(login, context))));
  },
};
