import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { cited } from './third-party-grant.js';
import { accountFinding } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'third-party-denied',
  name: 'Third-party access denied by the customer',
  description:
    'The customer refused a pending third-party access request: someone may be trying to reach the account through an app.',
  sources: [{ title: 'MITRE ATT&CK T1528: Steal Application Access Token', url: 'https://attack.mitre.org/techniques/T1528/' }],
  severity: 'HIGH',
  enabled: true,
  mode: 'ALERT',
  params: {},
  lists: {},
  suppressionMinutes: 0,
  triggers: ['THIRD_PARTY_DENIED'],
  usesIpAllowlist: false,
};

export const thirdPartyDenied: DetectionRule = {
  definition,
  examples: {
    fires: [{ minute: 0, type: 'integration.access.denied', metadata: { appName: 'Budgetly', scopes: ['write'] } }],
    quiet: [{ minute: 0, type: 'integration.access.granted', metadata: { appName: 'Budgetly', scopes: ['read'] } }],
  },
  async evaluate(event, context) {
    const app = event.appName ?? 'an app';
    const scopes = event.scopes ?? [];
    return {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}|event:${event.eventId}`,
      values: { app, scopes: scopes.join(' ') },
      evidenceEventIds: cited(event),
      explanation: `The customer denied ${app} access to the account${scopes.length > 0 ? ` (scopes requested: ${scopes.join(', ')})` : ''}.`,
    };
  },
};
