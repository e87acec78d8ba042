import type { DetectionEvent } from '../detection-event.js';
import {
  eventsAround,
  ids,
  param,
  satisfiedWindows,
  windowsContaining,
  type EvaluationContext,
  type RuleEvaluator,
} from './evaluator.js';

function notAllowlisted(context: EvaluationContext, events: DetectionEvent[]): DetectionEvent[] {
  return events.filter((candidate) => !context.allowlist.contains(candidate.ip));
}

function attemptsPerAccount(events: readonly DetectionEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const candidate of events) counts.set(candidate.accountId, (counts.get(candidate.accountId) ?? 0) + 1);
  return counts;
}

/** Accounts tried at most `maxPerAccount` times: more tries on one account is brute force, not spraying. */
function lightlyTried(events: readonly DetectionEvent[], maxPerAccount: number): string[] {
  return [...attemptsPerAccount(events)].filter(([, attempts]) => attempts <= maxPerAccount).map(([accountId]) => accountId);
}

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

export const passwordSpray: RuleEvaluator = {
  ruleId: 'password-spray',
  async evaluate(event, context) {
    if (event.ip === undefined) return null;
    const windowMinutes = param(context, 'windowMinutes');
    const minAccounts = param(context, 'distinctAccounts');
    const maxPerAccount = param(context, 'maxAttemptsPerAccount');
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    const sprayedIn = (events: readonly DetectionEvent[]) => lightlyTried(events, maxPerAccount);
    const hit = satisfiedWindows(
      windowsContaining(event, failures, windowMinutes),
      (window) => sprayedIn(window.events).length >= minAccounts,
      (window) => sprayedIn(window.events).length,
    );
    if (hit === null) return null;
    // Every account sprayed in a window the event belongs to: the alert keeps growing as the spray goes on.
    const sprayed = new Set([...sprayedIn(hit.largest.events), ...sprayedIn(hit.union)]);
    const evidence = hit.union.filter((candidate) => sprayed.has(candidate.accountId));
    return {
      ruleId: 'password-spray',
      severity: context.rule.severity,
      relatedAccountIds: [...sprayed].sort(),
      groupKey: `ip:${event.ip}`,
      values: { distinctAccounts: sprayed.size, attempts: evidence.length, ip: event.ip },
      evidenceEventIds: ids(evidence),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: sprayed.size,
      explanation: `${event.ip} failed logins against ${sprayed.size} accounts with at most ${maxPerAccount} tries each within ${windowMinutes} minutes (threshold ${minAccounts} accounts).`,
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
    const failures = await eventsAround(context, event, 'LOGIN_FAILED', windowMinutes, { ip: event.ip });
    const hit = satisfiedWindows(
      windowsContaining(event, failures, windowMinutes),
      (window) => window.events.length >= minAttempts && lightlyTried(window.events, maxPerAccount).length >= minAccounts,
      (window) => lightlyTried(window.events, maxPerAccount).length,
    );
    if (hit === null) return null;
    const tried = [
      ...new Set(lightlyTried(hit.union, maxPerAccount).concat(lightlyTried(hit.largest.events, maxPerAccount))),
    ].sort();
    const accounts = attemptsPerAccount(hit.union).size;
    return {
      ruleId: 'credential-stuffing',
      severity: context.rule.severity,
      relatedAccountIds: tried,
      groupKey: `ip:${event.ip}`,
      values: { attempts: hit.union.length, distinctAccounts: accounts, accountsWithFewTries: tried.length, ip: event.ip },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: tried.length,
      explanation: `${event.ip} made ${hit.union.length} failed logins over ${accounts} accounts, ${tried.length} of them tried at most ${maxPerAccount} times, within ${windowMinutes} minutes.`,
    };
  },
};
