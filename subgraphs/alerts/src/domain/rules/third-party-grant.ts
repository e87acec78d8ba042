import { SEVERITIES } from '../severity.js';
import type { DetectionEvent } from '../detection-event.js';
import type { RuleEvaluator } from './evaluator.js';

import type { DetectionRuleDefinition } from '../rule-catalog.js';

/** The rule as data: defaults a tenant may override (see rule-catalog.ts). */
export const thirdPartyGrantDefinition: DetectionRuleDefinition = {
  id: 'third-party-grant',
  name: 'Third-party access granted',
  description: 'A new app or consent grant on the account; one severity higher when the scopes are broad.',
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: {},
  lists: {
    broadScopes: [
      '*',
      'admin',
      'full_access',
      'offline_access',
      'write',
      'payments',
      'transfer',
      'account:write',
      'profile:write',
    ],
  },
  suppressionMinutes: 0,
  triggers: ['THIRD_PARTY_GRANT'],
  usesIpAllowlist: false,
};

/** The decision, and the request it answers when the decision names it: both are chain events. */
export function cited(event: DetectionEvent): string[] {
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
