import type { DetectionRuleDefinition } from '../rule-catalog.js';
import { eventsAround, ids, param, satisfiedWindows, windowsContaining, type RuleEvaluator } from './evaluator.js';

/** The rule as data: defaults a tenant may override (see rule-catalog.ts). */
export const resetFloodDefinition: DetectionRuleDefinition = {
  id: 'reset-flood',
  name: 'Reset or unlock request flood',
  description: 'Many password-reset or unlock requests for one account in an hour.',
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 5, windowMinutes: 60 },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['RESET_OR_UNLOCK_REQUESTED'],
  usesIpAllowlist: false,
};

export const resetFlood: RuleEvaluator = {
  ruleId: 'reset-flood',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const requests = await eventsAround(context, event, 'RESET_OR_UNLOCK_REQUESTED', windowMinutes, {
      accountId: event.accountId,
    });
    const hit = satisfiedWindows(
      windowsContaining(event, requests, windowMinutes),
      (window) => window.events.length >= threshold,
    );
    if (hit === null) return null;
    const count = hit.largest.events.length;
    return {
      ruleId: 'reset-flood',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { requests: count },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: count,
      explanation: `${count} password-reset or unlock requests within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
