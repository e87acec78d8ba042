import type { DetectionRuleDefinition } from '../rule-catalog.js';
import { eventsAround, ids, param, satisfiedWindows, windowsContaining, type RuleEvaluator } from './evaluator.js';
import { notAllowlisted } from './credential-helpers.js';

/** The rule as data: defaults a tenant may override (see rule-catalog.ts). */
export const accountBruteForceDefinition: DetectionRuleDefinition = {
  id: 'account-brute-force',
  name: 'Account-wide brute force',
  description: 'Many failed logins for one account from any IPs (Keycloak: failureFactor 30, reset after 12 h).',
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 30, windowMinutes: 720 },
  lists: {},
  suppressionMinutes: 720,
  triggers: ['LOGIN_FAILED'],
  usesIpAllowlist: false,
};

export const accountBruteForce: RuleEvaluator = {
  ruleId: 'account-brute-force',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = notAllowlisted(
      context,
      await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { accountId: event.accountId }),
    );
    const hit = satisfiedWindows(
      windowsContaining(event, failures, windowMinutes),
      (window) => window.events.length >= threshold,
    );
    if (hit === null) return null;
    const count = hit.largest.events.length;
    const distinctIps = new Set(hit.largest.events.map((candidate) => candidate.ip ?? 'unknown')).size;
    return {
      ruleId: 'account-brute-force',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { failedLogins: count, distinctIps },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: count,
      explanation: `${count} failed logins for this account from ${distinctIps} IP address(es) within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
