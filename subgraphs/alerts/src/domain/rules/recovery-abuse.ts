import type { RuleFinding } from '../finding.js';
import { eventsOf, ids, param, type RuleEvaluator } from './evaluator.js';

export const recoveryAbuse: RuleEvaluator = {
  ruleId: 'recovery-abuse',
  async evaluate(event, context): Promise<RuleFinding | null> {
    if (event.kinds.includes('VERIFICATION_FAILED') && event.caseId !== undefined) {
      const threshold = param(context, 'failedVerificationsPerCase');
      const failures = await eventsOf(context, event, 'VERIFICATION_FAILED', param(context, 'verificationLookbackDays') * 1_440, {
        accountId: event.accountId,
        caseId: event.caseId,
      });
      if (failures.length >= threshold) {
        return {
          ruleId: 'recovery-abuse',
          severity: context.rule.severity,
          accountId: event.accountId,
          relatedAccountIds: [event.accountId],
          groupKey: `case:${event.caseId}`,
          values: { caseId: event.caseId, failedVerifications: failures.length },
          evidenceEventIds: ids(failures),
          explanation: `${failures.length} failed identity verifications on recovery case ${event.caseId} (threshold ${threshold}).`,
        };
      }
    }
    if (event.kinds.includes('RECOVERY_CASE_OPENED')) {
      const threshold = param(context, 'casesPerAccount');
      const days = param(context, 'caseWindowDays');
      const openings = await eventsOf(context, event, 'RECOVERY_CASE_OPENED', days * 1_440, { accountId: event.accountId });
      const cases = new Set(openings.map((candidate) => candidate.caseId ?? candidate.eventId));
      if (cases.size >= threshold) {
        return {
          ruleId: 'recovery-abuse',
          severity: context.rule.severity,
          accountId: event.accountId,
          relatedAccountIds: [event.accountId],
          groupKey: `account:${event.accountId}|cases`,
          values: { recoveryCases: cases.size },
          evidenceEventIds: ids(openings),
          explanation: `${cases.size} recovery cases opened for this account within ${days} days (threshold ${threshold}).`,
        };
      }
    }
    return null;
  },
};
