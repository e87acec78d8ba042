import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { failedLogin, range } from './examples.js';
import { eventsAround, param, windowsReaching, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { notAllowlisted } from './credential-helpers.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'account-brute-force',
  name: 'Account-wide brute force',
  description: 'Many failed logins for one account from any IPs.',
  sources: [
    {
      title: 'Keycloak: brute force detection (failureFactor 30, failures reset after 12 h)',
      url: 'https://www.keycloak.org/docs/latest/server_admin/index.html#password-guess-brute-force-attacks',
    },
    { title: 'MITRE ATT&CK T1110.001: Password Guessing', url: 'https://attack.mitre.org/techniques/T1110/001/' },
  ],
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 30, windowMinutes: 720 },
  countedParams: { threshold: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 720,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: false,
};

export const accountBruteForce: DetectionRule = {
  definition,
  examples: {
    fires: range(31).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`)),
    quiet: range(29).map((i) => failedLogin(i * 20, 'acc-1', `198.51.100.${i + 1}`)),
  },
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = notAllowlisted(
      context,
      await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { accountId: event.accountId }),
    );
    const hit = windowsReaching(event, failures, windowMinutes, threshold);
    if (hit === null) return null;
    const count = hit.largest.events.length;
    const distinctIps = new Set(hit.largest.events.map((candidate) => candidate.ip ?? 'unknown')).size;
    return {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}`,
      values: { failedLogins: count, distinctIps },
      ...windowEvidence(hit),
      magnitude: count,
      explanation: `${count} failed logins for this account from ${distinctIps} IP address(es) within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
