import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import { eventsAround, findings, param, satisfiedWindowsAround, windowsReaching, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { distinctKeys } from './window-tallies.js';
import type { DetectionRule, DetectionRuleDefinition, ExampleEvent, EvaluationContext } from './rule.js';
import { range } from './examples.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

const verificationFailed = (minute: number, caseId: string): ExampleEvent => ({
  minute,
  type: 'recovery.verification.failed',
  outcome: 'FAILURE',
  metadata: { caseId },
});

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'recovery-abuse',
  name: 'Account recovery abuse',
  description: 'Repeated failed identity verifications on one recovery case, or many recovery cases for one account.',
  sources: [
    {
      title: 'NIST SP 800-63B: Digital Identity Guidelines, authenticator recovery and throttling',
      url: 'https://pages.nist.gov/800-63-3/sp800-63b.html',
    },
    {
      title: 'OWASP Forgot Password Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html',
    },
  ],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { failedVerificationsPerCase: 3, casesPerAccount: 3, caseWindowDays: 7, verificationLookbackDays: 30 },
  countedParams: { failedVerificationsPerCase: MAX_WINDOW_EVENTS, casesPerAccount: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 1_440,
  triggers: ['VERIFICATION_FAILED', 'RECOVERY_CASE_OPENED'],
  usesIpAllowlist: false,
};

async function failedVerifications(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  if (!event.kinds.includes('VERIFICATION_FAILED') || event.caseId === undefined) return null;
  const threshold = param(context, 'failedVerificationsPerCase');
  const windowMinutes = param(context, 'verificationLookbackDays') * 1_440;
  const failures = await eventsAround(context, event, 'VERIFICATION_FAILED', windowMinutes, {
    accountId: event.accountId,
    caseId: event.caseId,
  });
  const hit = windowsReaching(event, failures, windowMinutes, threshold);
  if (hit === null) return null;
  const count = hit.largest.events.length;
  return {
    ...accountFinding(context, event.accountId),
    groupKey: `case:${event.caseId}`,
    values: { caseId: event.caseId, failedVerifications: count },
    ...windowEvidence(hit),
    magnitude: count,
    explanation: `${count} failed identity verifications on recovery case ${event.caseId} (threshold ${threshold}).`,
  };
}

async function manyCases(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  if (!event.kinds.includes('RECOVERY_CASE_OPENED')) return null;
  const threshold = param(context, 'casesPerAccount');
  const days = param(context, 'caseWindowDays');
  const openings = await eventsAround(context, event, 'RECOVERY_CASE_OPENED', days * 1_440, { accountId: event.accountId });
  const casesIn = (events: readonly DetectionEvent[]) =>
    new Set(events.map((candidate) => candidate.caseId ?? candidate.eventId)).size;
  const hit = satisfiedWindowsAround(
    event,
    openings,
    days * 1_440,
    distinctKeys(threshold, (opening) => [opening.caseId ?? opening.eventId]),
  );
  if (hit === null) return null;
  const cases = casesIn(hit.largest.events);
  return {
    ...accountFinding(context, event.accountId),
    groupKey: `account:${event.accountId}|cases`,
    values: { recoveryCases: cases },
    ...windowEvidence(hit),
    magnitude: cases,
    explanation: `${cases} recovery cases opened for this account within ${days} days (threshold ${threshold}).`,
  };
}

export const recoveryAbuse: DetectionRule = {
  definition,
  examples: {
    fires: range(3).map((i) => verificationFailed(i * 10, 'case-1')),
    quiet: [verificationFailed(0, 'case-1'), verificationFailed(10, 'case-1'), verificationFailed(20, 'case-2')],
  },
  async evaluate(event, context) {
    return findings([await failedVerifications(event, context), await manyCases(event, context)]);
  },
};
