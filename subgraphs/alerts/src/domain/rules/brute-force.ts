import type { DetectionRuleDefinition } from '../rule-catalog.js';
import { eventsAround, ids, param, satisfiedWindows, windowsContaining, type RuleEvaluator } from './evaluator.js';

/** The rule as data: defaults a tenant may override (see rule-catalog.ts). */
export const bruteForceDefinition: DetectionRuleDefinition = {
  id: 'brute-force',
  name: 'Brute force on one account from one IP',
  description: 'Many failed logins for one account from one IP address in a short window (Auth0: 10 per identifier + IP).',
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 10, windowMinutes: 15 },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: false,
};

export const bruteForce: RuleEvaluator = {
  ruleId: 'brute-force',
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, {
      accountId: event.accountId,
      ip: event.ip,
    });
    const hit = satisfiedWindows(
      windowsContaining(event, failures, windowMinutes),
      (window) => window.events.length >= threshold,
    );
    if (hit === null) return null;
    const count = hit.largest.events.length;
    return {
      ruleId: 'brute-force',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}|ip:${event.ip}`,
      values: { failedLogins: count, ip: event.ip },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: count,
      explanation: `${count} failed logins for this account from ${event.ip} within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
