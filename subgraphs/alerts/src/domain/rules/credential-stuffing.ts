import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { failedLogin, range } from './examples.js';
import { eventsAround, param, satisfiedWindowsAround, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { lightlyTriedAccounts } from './window-tallies.js';
import { attemptsPerAccount, lightlyTried } from './credential-helpers.js';
import { windowEvidence } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'credential-stuffing',
  name: 'Credential stuffing from one IP',
  description: 'One IP trying leaked credentials: many accounts, at most a couple of tries each.',
  sources: [
    { title: 'Elastic detection-rules: prebuilt credential access rules', url: 'https://github.com/elastic/detection-rules' },
    { title: 'OWASP: Credential stuffing', url: 'https://owasp.org/www-community/attacks/Credential_stuffing' },
    { title: 'MITRE ATT&CK T1110.004: Credential Stuffing', url: 'https://attack.mitre.org/techniques/T1110/004/' },
  ],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { distinctAccounts: 15, maxAttemptsPerAccount: 2, minAttempts: 25, windowMinutes: 60 },
  countedParams: { distinctAccounts: MAX_WINDOW_EVENTS, minAttempts: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 120,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: true,
};

export const credentialStuffing: DetectionRule = {
  definition,
  examples: {
    fires: range(15).flatMap((i) => [
      failedLogin(i * 3, `acc-${i}`, '192.0.2.99'),
      failedLogin(i * 3 + 1, `acc-${i}`, '192.0.2.99'),
    ]),
    quiet: range(14).flatMap((i) => [
      failedLogin(i * 3, `acc-${i}`, '192.0.2.99'),
      failedLogin(i * 3 + 1, `acc-${i}`, '192.0.2.99'),
    ]),
  },
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const windowMinutes = param(context, 'windowMinutes');
    const minAccounts = param(context, 'distinctAccounts');
    const maxPerAccount = param(context, 'maxAttemptsPerAccount');
    const minAttempts = param(context, 'minAttempts');
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    const hit = satisfiedWindowsAround(
      event,
      failures,
      windowMinutes,
      lightlyTriedAccounts({ maxPerAccount, minAccounts, minAttempts }),
    );
    if (hit === null) return null;
    const tried = [
      ...new Set(lightlyTried(hit.union, maxPerAccount).concat(lightlyTried(hit.largest.events, maxPerAccount))),
    ].sort();
    const accounts = attemptsPerAccount(hit.union).size;
    return {
      ruleId: 'credential-stuffing',
      severity: context.rule.severity,
      relatedAccountIds: tried,
      groupKey: `ip:${event.ip}`,
      values: { attempts: hit.union.length, distinctAccounts: accounts, accountsWithFewTries: tried.length, ip: event.ip },
      ...windowEvidence(hit),
      magnitude: tried.length,
      explanation: `${event.ip} made ${hit.union.length} failed logins over ${accounts} accounts, ${tried.length} of them tried at most ${maxPerAccount} times, within ${windowMinutes} minutes.`,
    };
  },
};
