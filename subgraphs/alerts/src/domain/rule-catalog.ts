import type { EventKind } from './detection-event.js';
import { RULE_DEFINITIONS } from './rules/index.js';
import type { Severity } from './severity.js';

/**
 * Detection rules as data (in the manner of Elastic's detection-rules): each has defaults taken from
 * what identity providers document (Auth0, Keycloak, Okta, Entra, Elastic, Splunk); a tenant overrides
 * thresholds, windows, severity, enabled and mode per rule. Windows are in minutes so that tenant
 * admins can read and tune them.
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
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}

/** ALERT raises and notifies; AUDIT_ONLY records the finding for tuning but neither alerts nor notifies. */
export type RuleMode = 'ALERT' | 'AUDIT_ONLY';

export interface DetectionRuleDefinition {
  readonly id: RuleId;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly mode: RuleMode;
  /** Thresholds and windows; a tenant may override any of these keys and no others. */
  readonly params: Readonly<Record<string, number>>;
  /** Name lists a tenant may override (e.g. which OAuth scopes count as broad). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** A second finding for the same rule and key within this window joins the open alert. */
  readonly suppressionMinutes: number;
  /** Events whose kind is here make the rule run. */
  readonly triggers: readonly EventKind[];
  /**
   * Whether the tenant-wide allowlist (office NAT, VPN egress) applies. Only the rules that count across
   * accounts use it: an office NAT must not look like a spray, but one attacker behind that NAT hammering
   * one account is still brute force. Each rule also takes its own allowlist from the tenant's override.
   */
  readonly usesIpAllowlist: boolean;
}

/** The defaults, one file per rule under `rules/` (definition next to its evaluator). */
export const DEFAULT_RULES: readonly DetectionRuleDefinition[] = RULE_DEFINITIONS;
