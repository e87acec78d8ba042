import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import { distanceKm } from '../geo.js';
import type { DetectionRule, DetectionRuleDefinition, EvaluationContext } from './rule.js';
import { successfulLogin } from './examples.js';
import { findings, param } from './window-helpers.js';
import { laterLogins, located, previousLogins } from './login-history.js';
import { accountFinding } from './finding-parts.js';

const PARIS = { country: 'FR', lat: 48.8566, lon: 2.3522 };
const NEW_YORK = { country: 'US', lat: 40.7128, lon: -74.006 };
const LYON = { country: 'FR', lat: 45.764, lon: 4.8357 };

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'impossible-travel',
  name: 'Impossible travel',
  description: 'Two consecutive successful logins farther apart than anyone can travel in the time between them.',
  sources: [
    {
      title: 'Microsoft Entra ID Protection: atypical travel risk detection',
      url: 'https://learn.microsoft.com/en-us/entra/id-protection/concept-identity-protection-risks',
    },
    { title: 'MITRE ATT&CK T1078: Valid Accounts', url: 'https://attack.mitre.org/techniques/T1078/' },
  ],
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { maxSpeedKmh: 805, minDistanceKm: 500, lookbackMinutes: 10_080 },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['LOGIN_SUCCEEDED'],
  usesIpAllowlist: true,
};

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
    ...accountFinding(context, next.accountId),
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
export const impossibleTravel: DetectionRule = {
  definition,
  examples: {
    fires: [successfulLogin(0, { geo: PARIS }), successfulLogin(60, { geo: NEW_YORK })],
    quiet: [successfulLogin(0, { geo: PARIS }), successfulLogin(300, { geo: LYON }), successfulLogin(600, { geo: PARIS })],
  },
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
