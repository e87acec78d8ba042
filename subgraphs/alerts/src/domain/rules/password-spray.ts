import type { DetectionEvent } from '../detection-event.js';
import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { failedLogin, range } from './examples.js';
import { eventsAround, ids, param, satisfiedWindowsAround, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { lightlyTriedAccounts } from './window-tallies.js';
import { lightlyTried } from './credential-helpers.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'password-spray',
  name: 'Password spray from one IP',
  description: 'One IP failing against many distinct accounts with few tries each.',
  sources: [
    {
      title: 'Splunk Security Content: password spraying detections (more than 9 users from one source in 5 minutes)',
      url: 'https://research.splunk.com/',
    },
    { title: 'MITRE ATT&CK T1110.003: Password Spraying', url: 'https://attack.mitre.org/techniques/T1110/003/' },
  ],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { distinctAccounts: 10, maxAttemptsPerAccount: 5, windowMinutes: 5 },
  countedParams: { distinctAccounts: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: true,
};

export const passwordSpray: DetectionRule = {
  definition,
  examples: {
    fires: range(12).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66')),
    quiet: [
      ...range(9).map((i) => failedLogin(i * 0.3, `acc-${i}`, '192.0.2.66')),
      ...range(9).map((i) => failedLogin(20 + i, `acc-${i + 20}`, '192.0.2.66')),
    ],
  },
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const windowMinutes = param(context, 'windowMinutes');
    const minAccounts = param(context, 'distinctAccounts');
    const maxPerAccount = param(context, 'maxAttemptsPerAccount');
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    const sprayedIn = (events: readonly DetectionEvent[]) => lightlyTried(events, maxPerAccount);
    const hit = satisfiedWindowsAround(event, failures, windowMinutes, lightlyTriedAccounts({ maxPerAccount, minAccounts }));
    if (hit === null) return null;
    // Every account sprayed in a window the event belongs to: the alert keeps growing as the spray goes on.
    const sprayed = new Set([...sprayedIn(hit.largest.events), ...sprayedIn(hit.union)]);
    const evidence = hit.union.filter((candidate) => sprayed.has(candidate.accountId));
    return {
      ruleId: 'password-spray',
      severity: context.rule.severity,
      relatedAccountIds: [...sprayed].sort(),
      groupKey: `ip:${event.ip}`,
      values: { distinctAccounts: sprayed.size, attempts: evidence.length, ip: event.ip },
      evidenceEventIds: ids(evidence),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: sprayed.size,
      explanation: `${event.ip} failed logins against ${sprayed.size} accounts with at most ${maxPerAccount} tries each within ${windowMinutes} minutes (threshold ${minAccounts} accounts).`,
    };
  },
};
