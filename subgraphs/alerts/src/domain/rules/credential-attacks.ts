import type { DetectionEvent } from '../detection-event.js';
import { eventsOf, ids, param, type EvaluationContext, type RuleEvaluator } from './evaluator.js';

function notAllowlisted(context: EvaluationContext, events: DetectionEvent[]): DetectionEvent[] {
  return events.filter((candidate) => !context.allowlist.contains(candidate.ip));
}

function attemptsPerAccount(events: readonly DetectionEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const candidate of events) counts.set(candidate.accountId, (counts.get(candidate.accountId) ?? 0) + 1);
  return counts;
}

export const bruteForce: RuleEvaluator = {
  ruleId: 'brute-force',
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = await eventsOf(context, event, 'LOGIN_FAILED', windowMinutes, { accountId: event.accountId, ip: event.ip });
    if (failures.length < threshold) return null;
    return {
      ruleId: 'brute-force',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}|ip:${event.ip}`,
      values: { failedLogins: failures.length, ip: event.ip },
      evidenceEventIds: ids(failures),
      explanation: `${failures.length} failed logins for this account from ${event.ip} within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};

export const accountBruteForce: RuleEvaluator = {
  ruleId: 'account-brute-force',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const failures = notAllowlisted(
      context,
      await eventsOf(context, event, 'LOGIN_FAILED', windowMinutes, { accountId: event.accountId }),
    );
    if (failures.length < threshold) return null;
    const distinctIps = new Set(failures.map((candidate) => candidate.ip ?? 'unknown')).size;
    return {
      ruleId: 'account-brute-force',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { failedLogins: failures.length, distinctIps },
      evidenceEventIds: ids(failures),
      explanation: `${failures.length} failed logins for this account from ${distinctIps} IP address(es) within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};

export const passwordSpray: RuleEvaluator = {
  ruleId: 'password-spray',
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const windowMinutes = param(context, 'windowMinutes');
    const minAccounts = param(context, 'distinctAccounts');
    const maxPerAccount = param(context, 'maxAttemptsPerAccount');
    const failures = await eventsOf(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    const perAccount = attemptsPerAccount(failures);
    // "Few tries each": accounts hammered many times are brute force, not spray.
    const sprayed = [...perAccount].filter(([, attempts]) => attempts <= maxPerAccount).map(([accountId]) => accountId);
    if (sprayed.length < minAccounts) return null;
    const sprayedSet = new Set(sprayed);
    const evidence = failures.filter((candidate) => sprayedSet.has(candidate.accountId));
    return {
      ruleId: 'password-spray',
      severity: context.rule.severity,
      relatedAccountIds: sprayed,
      groupKey: `ip:${event.ip}`,
      values: { distinctAccounts: sprayed.length, attempts: evidence.length, ip: event.ip },
      evidenceEventIds: ids(evidence),
      explanation: `${event.ip} failed logins against ${sprayed.length} accounts with at most ${maxPerAccount} tries each within ${windowMinutes} minutes (threshold ${minAccounts} accounts).`,
    };
  },
};

export const credentialStuffing: RuleEvaluator = {
  ruleId: 'credential-stuffing',
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const windowMinutes = param(context, 'windowMinutes');
    const minAccounts = param(context, 'distinctAccounts');
    const maxPerAccount = param(context, 'maxAttemptsPerAccount');
    const minAttempts = param(context, 'minAttempts');
    const failures = await eventsOf(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    if (failures.length < minAttempts) return null;
    const perAccount = attemptsPerAccount(failures);
    const lightlyTried = [...perAccount].filter(([, attempts]) => attempts <= maxPerAccount).map(([accountId]) => accountId);
    if (lightlyTried.length < minAccounts) return null;
    return {
      ruleId: 'credential-stuffing',
      severity: context.rule.severity,
      relatedAccountIds: lightlyTried,
      groupKey: `ip:${event.ip}`,
      values: {
        attempts: failures.length,
        distinctAccounts: perAccount.size,
        accountsWithFewTries: lightlyTried.length,
        ip: event.ip,
      },
      evidenceEventIds: ids(failures),
      explanation: `${event.ip} made ${failures.length} failed logins over ${perAccount.size} accounts, ${lightlyTried.length} of them tried at most ${maxPerAccount} times, within ${windowMinutes} minutes.`,
    };
  },
};

export const successAfterAttack: RuleEvaluator = {
  ruleId: 'success-after-attack',
  async evaluate(event, context) {
    const windowMinutes = param(context, 'windowMinutes');
    const attacks = await context.history.recentAlerts({
      tenantId: event.tenantId,
      accountId: event.accountId,
      ruleIds: ['brute-force', 'account-brute-force', 'password-spray', 'credential-stuffing'],
      since: new Date(event.occurredAt.getTime() - windowMinutes * 60_000),
      until: event.occurredAt,
    });
    if (attacks.length === 0) return null;
    const latest = attacks.reduce((a, b) => (a.detectedAt >= b.detectedAt ? a : b));
    const minutesAfter = Math.round((event.occurredAt.getTime() - latest.detectedAt.getTime()) / 60_000);
    return {
      ruleId: 'success-after-attack',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: {
        attackAlertId: latest.alertId,
        attackRuleId: latest.ruleId,
        minutesAfterAttack: minutesAfter,
        ip: event.ip ?? 'unknown',
      },
      evidenceEventIds: [event.eventId],
      explanation: `Successful login ${minutesAfter} minutes after a ${latest.ruleId} alert on this account (window ${windowMinutes} minutes).`,
    };
  },
};
