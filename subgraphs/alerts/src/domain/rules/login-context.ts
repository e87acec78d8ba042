import type { DetectionEvent } from '../detection-event.js';
import { distanceKm } from '../geo.js';
import { DAY_MS, eventsOf, param, type RuleEvaluator } from './evaluator.js';

function located(event: DetectionEvent): event is DetectionEvent & { lat: number; lon: number } {
  return typeof event.lat === 'number' && typeof event.lon === 'number';
}

/** Successful logins of the account before this one (the current event excluded), oldest first. */
async function previousLogins(
  event: DetectionEvent,
  context: Parameters<RuleEvaluator['evaluate']>[1],
  lookbackMinutes: number,
): Promise<DetectionEvent[]> {
  const logins = await eventsOf(context, event, 'LOGIN_SUCCEEDED', lookbackMinutes, { accountId: event.accountId, limit: 500 });
  return logins.filter((candidate) => candidate.eventId !== event.eventId && candidate.occurredAt <= event.occurredAt);
}

export const impossibleTravel: RuleEvaluator = {
  ruleId: 'impossible-travel',
  async evaluate(event, context) {
    if (!located(event) || context.allowlist.contains(event.ip)) return null;
    const maxSpeed = param(context, 'maxSpeedKmh');
    const minDistance = param(context, 'minDistanceKm');
    const previous = (await previousLogins(event, context, param(context, 'lookbackMinutes')))
      .filter(located)
      .filter((candidate) => !context.allowlist.contains(candidate.ip))
      .at(-1);
    if (previous === undefined) return null;
    const km = distanceKm(previous, event);
    // Logins in the same minute are treated as one minute apart: a finite, very high speed.
    const hours = Math.max(event.occurredAt.getTime() - previous.occurredAt.getTime(), 60_000) / 3_600_000;
    const speed = km / hours;
    if (km <= minDistance || speed <= maxSpeed) return null;
    const from = previous.country ?? 'unknown';
    const to = event.country ?? 'unknown';
    return {
      ruleId: 'impossible-travel',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: {
        distanceKm: Math.round(km),
        hoursBetween: Math.round(hours * 100) / 100,
        speedKmh: Math.round(speed),
        fromCountry: from,
        toCountry: to,
      },
      evidenceEventIds: [previous.eventId, event.eventId],
      explanation: `Logins ${Math.round(km)} km apart (${from} → ${to}) ${Math.round(hours * 60)} minutes apart imply ${Math.round(speed)} km/h (limit ${maxSpeed} km/h).`,
    };
  },
};

/**
 * New device or country against the account's baseline. The baseline exists once the account has
 * `baselineLogins` earlier logins or its first known login is `baselineDays` old, whichever comes first;
 * before that the rule is still learning and stays quiet (customers hate alerts on their own first logins).
 */
export const newDeviceOrCountry: RuleEvaluator = {
  ruleId: 'new-device-or-country',
  async evaluate(event, context) {
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
      explanation: `Successful login from ${what}, compared with ${previous.length} earlier logins.`,
    };
  },
};
