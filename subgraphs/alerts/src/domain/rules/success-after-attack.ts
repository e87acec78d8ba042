import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import type { Severity } from '../severity.js';
import { MINUTE_MS, param } from './window-helpers.js';
import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { failedLogin, range, successfulLogin } from './examples.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'success-after-attack',
  name: 'Successful login after a credential attack',
  description: 'A successful login on an account that was the target of a brute-force, spray or stuffing alert shortly before.',
  sources: [
    { title: 'MITRE ATT&CK T1078: Valid Accounts', url: 'https://attack.mitre.org/techniques/T1078/' },
    { title: 'MITRE ATT&CK T1110: Brute Force', url: 'https://attack.mitre.org/techniques/T1110/' },
  ],
  severity: 'CRITICAL',
  enabled: true,
  mode: 'ALERT',
  params: { windowMinutes: 180 },
  lists: {},
  suppressionMinutes: 180,
  triggers: ['LOGIN_SUCCEEDED'],
  usesIpAllowlist: false,
};

/** The rules whose alerts a later successful login escalates. */
export const CREDENTIAL_ATTACK_RULES = ['brute-force', 'account-brute-force', 'password-spray', 'credential-stuffing'] as const;

/** A stored credential-attack alert, as success-after-attack sees it. */
export interface AttackRef {
  readonly alertId: string;
  readonly ruleId: string;
  readonly detectedAt: Date;
}

export function successFinding(
  success: DetectionEvent,
  attack: AttackRef,
  windowMinutes: number,
  severity: Severity,
): RuleFinding {
  const minutesAfter = Math.round((success.occurredAt.getTime() - attack.detectedAt.getTime()) / MINUTE_MS);
  return {
    ruleId: 'success-after-attack',
    severity,
    accountId: success.accountId,
    relatedAccountIds: [success.accountId],
    groupKey: `account:${success.accountId}`,
    values: {
      attackAlertId: attack.alertId,
      attackRuleId: attack.ruleId,
      minutesAfterAttack: minutesAfter,
      ip: success.ip ?? 'unknown',
    },
    evidenceEventIds: [success.eventId],
    firedAt: success.occurredAt,
    triggerEventId: success.eventId,
    explanation: `Successful login ${minutesAfter} minutes after a ${attack.ruleId} alert on this account (window ${windowMinutes} minutes).`,
  };
}

/**
 * A successful login within the window after a credential-attack alert that lists the account. This side
 * judges a login that arrives after the alert; the engine's `followUps` judges logins that arrived before
 * the alert was raised or grew to cover their account, so the arrival order does not matter.
 */
export const successAfterAttack: DetectionRule = {
  definition,
  examples: {
    fires: [...range(10).map((i) => failedLogin(i)), successfulLogin(30)],
    // The login is before the attack, or long after the window (3 h).
    quiet: [successfulLogin(-5), ...range(10).map((i) => failedLogin(i)), successfulLogin(9 + 200)],
  },
  async evaluate(event, context) {
    const windowMinutes = param(context, 'windowMinutes');
    const attacks = await context.history.recentAlerts({
      tenantId: event.tenantId,
      accountId: event.accountId,
      ruleIds: CREDENTIAL_ATTACK_RULES,
      since: new Date(event.occurredAt.getTime() - windowMinutes * MINUTE_MS),
      until: event.occurredAt,
    });
    if (attacks.length === 0) return null;
    // The latest attack; of two at the same time the larger id, so the answer does not hang on the store's order.
    const latest = attacks.reduce((a, b) =>
      a.detectedAt.getTime() > b.detectedAt.getTime() ||
      (a.detectedAt.getTime() === b.detectedAt.getTime() && a.alertId > b.alertId)
        ? a
        : b,
    );
    return successFinding(event, latest, windowMinutes, context.rule.severity);
  },
};
