import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { failedLogin, range } from './examples.js';
import { eventsAround, param, windowsReaching, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'brute-force',
  name: 'Brute force on one account from one IP',
  description: 'Many failed logins for one account from one IP address in a short window.',
  sources: [
    {
      title: 'Auth0: brute-force protection (10 failed attempts per identifier and IP)',
      url: 'https://auth0.com/docs/secure/attack-protection/brute-force-protection',
    },
    { title: 'MITRE ATT&CK T1110.001: Password Guessing', url: 'https://attack.mitre.org/techniques/T1110/001/' },
  ],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 10, windowMinutes: 15 },
  countedParams: { threshold: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: false,
};

export const bruteForce: DetectionRule = {
  definition,
  examples: {
    fires: [...range(11).map((i) => failedLogin(i)), failedLogin(3, 'acc-2')],
    quiet: [...range(9).map((i) => failedLogin(i)), ...range(5).map((i) => failedLogin(i, 'acc-1', '198.51.100.8'))],
  },
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, {
      accountId: event.accountId,
      ip: event.ip,
    });
    const hit = windowsReaching(event, failures, windowMinutes, threshold);
    if (hit === null) return null;
    const count = hit.largest.events.length;
    return {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}|ip:${event.ip}`,
      values: { failedLogins: count, ip: event.ip },
      ...windowEvidence(hit),
      magnitude: count,
      explanation: `${count} failed logins for this account from ${event.ip} within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
