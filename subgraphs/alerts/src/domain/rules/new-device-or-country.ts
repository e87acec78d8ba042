import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import type { DetectionRule, DetectionRuleDefinition, EvaluationContext } from './rule.js';
import { range, successfulLogin } from './examples.js';
import { DAY_MS, findings, param } from './window-helpers.js';
import { laterLogins, previousLogins } from './login-history.js';
import { accountFinding } from './finding-parts.js';

const usualLogin = (minute: number) => successfulLogin(minute, { deviceId: 'laptop', geo: { country: 'GB' } });

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'new-device-or-country',
  name: 'Login from a new device or country',
  description: "A successful login from a device or country outside the account's baseline.",
  sources: [
    {
      title: 'Microsoft Entra ID Protection: unfamiliar sign-in properties (learns 14 days or 10 logins)',
      url: 'https://learn.microsoft.com/en-us/entra/id-protection/concept-identity-protection-risks',
    },
    { title: 'MITRE ATT&CK T1078: Valid Accounts', url: 'https://attack.mitre.org/techniques/T1078/' },
  ],
  severity: 'LOW',
  enabled: true,
  mode: 'ALERT',
  params: { baselineDays: 14, baselineLogins: 10, lookbackDays: 90 },
  lists: {},
  suppressionMinutes: 1_440,
  triggers: ['LOGIN_SUCCEEDED'],
  usesIpAllowlist: false,
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
    ...accountFinding(context, event.accountId),
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

export const newDeviceOrCountry: DetectionRule = {
  definition,
  examples: {
    fires: [...range(10).map((i) => usualLogin(i * 60)), successfulLogin(700, { deviceId: 'phone-x', geo: { country: 'BR' } })],
    quiet: [...range(10).map((i) => usualLogin(i * 60)), usualLogin(700)],
  },
  async evaluate(event, context) {
    const later = await laterLogins(event, context, REJUDGED_LOGINS);
    return findings(await Promise.all([event, ...later].map((login) => judgeAgainstBaseline(login, context))));
  },
};
