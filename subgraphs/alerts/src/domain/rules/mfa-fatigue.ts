import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import {
  eventsAround,
  eventsOf,
  findings,
  ids,
  minutesAfter,
  param,
  windowsReaching,
  MAX_WINDOW_EVENTS,
} from './window-helpers.js';
import type { DetectionRule, DetectionRuleDefinition, ExampleEvent, EvaluationContext } from './rule.js';
import { range, successfulLogin } from './examples.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

const pushDenied = (minute: number): ExampleEvent => ({ minute, type: 'user.mfa.okta_verify.deny_push', outcome: 'FAILURE' });

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'mfa-fatigue',
  name: 'MFA fatigue (push bombing)',
  description: 'Repeated MFA push denials; critical when a login succeeds right after them.',
  sources: [
    {
      title: 'MITRE ATT&CK T1621: Multi-Factor Authentication Request Generation',
      url: 'https://attack.mitre.org/techniques/T1621/',
    },
    {
      title: 'Okta: Okta Verify push number challenge (against MFA fatigue)',
      url: 'https://help.okta.com/en-us/content/topics/mobile/ov-admin-config.htm',
    },
  ],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 5, windowMinutes: 10 },
  countedParams: { threshold: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['MFA_PUSH_DENIED', 'LOGIN_SUCCEEDED'],
  usesIpAllowlist: false,
};

/** CRITICAL: a login succeeded with `threshold` denials in the window before it (the user gave in). */
async function accepted(success: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  const threshold = param(context, 'threshold');
  const windowMinutes = param(context, 'windowMinutes');
  const denials = await eventsOf(context, success, 'MFA_PUSH_DENIED', windowMinutes, { accountId: success.accountId });
  if (denials.length < threshold) return null;
  return {
    ...accountFinding(context, success.accountId),
    severity: 'CRITICAL',
    // The accepted variant is its own alert: it must not be swallowed by the earlier HIGH one.
    groupKey: `account:${success.accountId}|accepted`,
    values: { pushDenials: denials.length, followedBySuccess: 'yes' },
    evidenceEventIds: [...ids(denials), success.eventId],
    firedAt: success.occurredAt,
    triggerEventId: success.eventId,
    magnitude: denials.length,
    explanation: `A login succeeded after ${denials.length} denied MFA pushes within ${windowMinutes} minutes: the user may have accepted an attacker's push.`,
  };
}

/** Push bombing: HIGH on repeated denials; CRITICAL when the user gives in and a login succeeds right after. */
export const mfaFatigue: DetectionRule = {
  definition,
  examples: {
    fires: [...range(6).map((i) => pushDenied(i)), successfulLogin(7)],
    quiet: [...range(4).map((i) => pushDenied(i)), successfulLogin(5), ...range(4).map((i) => pushDenied(30 + i * 4))],
  },
  async evaluate(event, context) {
    if (event.kinds.includes('LOGIN_SUCCEEDED')) return accepted(event, context);
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const denials = await eventsAround(context, event, 'MFA_PUSH_DENIED', windowMinutes, { accountId: event.accountId });
    const hit = windowsReaching(event, denials, windowMinutes, threshold);
    if (hit === null) return null;
    const count = hit.largest.events.length;
    const bombing: RuleFinding = {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}`,
      values: { pushDenials: count, followedBySuccess: 'no' },
      ...windowEvidence(hit),
      magnitude: count,
      explanation: `${count} MFA push denials within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
    // A login that arrived before these denials (shipped out of order) may now follow enough of them.
    const laterLogins = await context.history.events({
      tenantId: event.tenantId,
      kind: 'LOGIN_SUCCEEDED',
      accountId: event.accountId,
      since: event.occurredAt,
      until: minutesAfter(event.occurredAt, windowMinutes),
      limit: 20,
    });
    return findings([bombing, ...(await Promise.all(laterLogins.map((login) => accepted(login, context))))]);
  },
};
