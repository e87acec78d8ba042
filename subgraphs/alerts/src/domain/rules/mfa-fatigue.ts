import { eventsOf, ids, param, type RuleEvaluator } from './evaluator.js';

/** Push bombing: HIGH on repeated denials; CRITICAL when the user gives in and a login succeeds right after. */
export const mfaFatigue: RuleEvaluator = {
  ruleId: 'mfa-fatigue',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const denials = await eventsOf(context, event, 'MFA_PUSH_DENIED', windowMinutes, { accountId: event.accountId });
    if (denials.length < threshold) return null;
    const accepted = event.kinds.includes('LOGIN_SUCCEEDED');
    return {
      ruleId: 'mfa-fatigue',
      severity: accepted ? 'CRITICAL' : context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      // The accepted variant is its own alert: it must not be swallowed by the earlier HIGH one.
      groupKey: accepted ? `account:${event.accountId}|accepted` : `account:${event.accountId}`,
      values: { pushDenials: denials.length, followedBySuccess: accepted ? 'yes' : 'no' },
      evidenceEventIds: accepted ? [...ids(denials), event.eventId] : ids(denials),
      explanation: accepted
        ? `A login succeeded after ${denials.length} denied MFA pushes within ${windowMinutes} minutes: the user may have accepted an attacker's push.`
        : `${denials.length} MFA push denials within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
