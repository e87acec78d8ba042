import { SEVERITIES } from '../severity.js';
import type { DetectionEvent } from '../detection-event.js';

import type { DetectionRule, DetectionRuleDefinition } from './rule.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'third-party-grant',
  name: 'Third-party access granted',
  description: 'A new app or consent grant on the account; one severity higher when the scopes are broad.',
  sources: [
    { title: 'MITRE ATT&CK T1528: Steal Application Access Token', url: 'https://attack.mitre.org/techniques/T1528/' },
    {
      title: 'Microsoft: detect and remediate illicit consent grants',
      url: 'https://learn.microsoft.com/en-us/defender-office-365/detect-and-remediate-illicit-consent-grants',
    },
  ],
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

export const thirdPartyGrant: DetectionRule = {
  definition,
  examples: {
    fires: [{ minute: 0, type: 'integration.access.granted', metadata: { appName: 'Budgetly', scopes: ['read'] } }],
    quiet: [{ minute: 0, type: 'integration.access.granted', outcome: 'FAILURE', metadata: { appName: 'Budgetly' } }],
  },
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
