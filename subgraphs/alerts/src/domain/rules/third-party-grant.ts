import { SEVERITIES } from '../severity.js';
import type { DetectionEvent } from '../detection-event.js';
import type { RuleEvaluator } from './evaluator.js';

/** The decision, and the request it answers when the decision names it: both are chain events. */
function cited(event: DetectionEvent): string[] {
  return event.requestEventId !== undefined ? [event.requestEventId, event.eventId] : [event.eventId];
}

export const thirdPartyGrant: RuleEvaluator = {
  ruleId: 'third-party-grant',
  async evaluate(event, context) {
    const broadScopes = new Set((context.rule.lists.broadScopes ?? []).map((scope) => scope.toLowerCase()));
    const scopes = event.scopes ?? [];
    const broad = scopes.filter((scope) => broadScopes.has(scope.toLowerCase()));
    const base = context.rule.severity;
    const severity =
      broad.length > 0 ? (SEVERITIES[Math.min(SEVERITIES.indexOf(base) + 1, SEVERITIES.length - 1)] ?? base) : base;
    const app = event.appName ?? 'an app';
    return {
      ruleId: 'third-party-grant',
      severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      // Every grant is its own alert: the customer must hear about each app.
      groupKey: `account:${event.accountId}|event:${event.eventId}`,
      values: { app, scopes: scopes.join(' '), broadScopes: broad.join(' ') },
      evidenceEventIds: cited(event),
      explanation:
        broad.length > 0
          ? `${app} was granted access to the account with broad scopes (${broad.join(', ')}).`
          : `${app} was granted access to the account${scopes.length > 0 ? ` (scopes: ${scopes.join(', ')})` : ''}.`,
    };
  },
};

export const thirdPartyDenied: RuleEvaluator = {
  ruleId: 'third-party-denied',
  async evaluate(event, context) {
    const app = event.appName ?? 'an app';
    const scopes = event.scopes ?? [];
    return {
      ruleId: 'third-party-denied',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}|event:${event.eventId}`,
      values: { app, scopes: scopes.join(' ') },
      evidenceEventIds: cited(event),
      explanation: `The customer denied ${app} access to the account${scopes.length > 0 ? ` (scopes requested: ${scopes.join(', ')})` : ''}.`,
    };
  },
};
