import { isOneOf } from '@vigil/core/domain';

/**
 * The ids of the detection rules (the rules themselves, one file each, are in `rules/`). Kept apart from the
 * rules so types that name a rule (findings, alerts, templates) need not load the evaluators.
 */
export const RULE_IDS = [
  'brute-force',
  'account-brute-force',
  'password-spray',
  'credential-stuffing',
  'success-after-attack',
  'mfa-fatigue',
  'impossible-travel',
  'new-device-or-country',
  'takeover-chain',
  'reset-flood',
  'recovery-abuse',
  'rapid-profile-changes',
  'unusual-transaction',
  'third-party-grant',
  'third-party-denied',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: unknown): value is RuleId {
  return isOneOf(RULE_IDS, value);
}

/** ALERT raises and notifies; AUDIT_ONLY records the finding for tuning but neither alerts nor notifies. */
export const RULE_MODES = ['ALERT', 'AUDIT_ONLY'] as const;
export type RuleMode = (typeof RULE_MODES)[number];
