import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import {
  eventsAround,
  findings,
  ids,
  param,
  satisfiedWindows,
  windowsContaining,
  type EvaluationContext,
  type RuleEvaluator,
} from './evaluator.js';

async function failedVerifications(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  if (!event.kinds.includes('VERIFICATION_FAILED') || event.caseId === undefined) return null;
  const threshold = param(context, 'failedVerificationsPerCase');
  const windowMinutes = param(context, 'verificationLookbackDays') * 1_440;
  const failures = await eventsAround(context, event, 'VERIFICATION_FAILED', windowMinutes, {
    accountId: event.accountId,
    caseId: event.caseId,
  });
  const hit = satisfiedWindows(windowsContaining(event, failures, windowMinutes), (window) => window.events.length >= threshold);
  if (hit === null) return null;
  const count = hit.largest.events.length;
  return {
    ruleId: 'recovery-abuse',
    severity: context.rule.severity,
    accountId: event.accountId,
    relatedAccountIds: [event.accountId],
    groupKey: `case:${event.caseId}`,
    values: { caseId: event.caseId, failedVerifications: count },
    evidenceEventIds: ids(hit.union),
    firedAt: hit.firedAt,
    triggerEventIds: hit.triggers,
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
  const hit = satisfiedWindows(
    windowsContaining(event, openings, days * 1_440),
    (window) => casesIn(window.events) >= threshold,
    (window) => casesIn(window.events),
  );
  if (hit === null) return null;
  const cases = casesIn(hit.largest.events);
  return {
    ruleId: 'recovery-abuse',
    severity: context.rule.severity,
    accountId: event.accountId,
    relatedAccountIds: [event.accountId],
    groupKey: `account:${event.accountId}|cases`,
    values: { recoveryCases: cases },
    evidenceEventIds: ids(hit.union),
    firedAt: hit.firedAt,
    triggerEventIds: hit.triggers,
    magnitude: cases,
    explanation: `${cases} recovery cases opened for this account within ${days} days (threshold ${threshold}).`,
  };
}

export const recoveryAbuse: RuleEvaluator = {
  ruleId: 'recovery-abuse',
  async evaluate(event, context) {
    return findings([await failedVerifications(event, context), await manyCases(event, context)]);
  },
};
