import type { EventKind } from './detection-event.js';
import type { Severity } from './severity.js';

/**
 * Detection rules as data (in the manner of Elastic's detection-rules): each has defaults taken from
 * what identity providers document (see shared/notes/security-vocabulary.md); a tenant overrides
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

export const DEFAULT_RULES: readonly DetectionRuleDefinition[] = [
  {
    id: 'brute-force',
    name: 'Brute force on one account from one IP',
    description: 'Many failed logins for one account from one IP address in a short window (Auth0: 10 per identifier + IP).',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: { threshold: 10, windowMinutes: 15 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['LOGIN_FAILED'],
    usesIpAllowlist: false,
  },
  {
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
  },
  {
    id: 'password-spray',
    name: 'Password spray from one IP',
    description: 'One IP failing against many distinct accounts with few tries each (Splunk: > 9 users in 5 min).',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: { distinctAccounts: 10, maxAttemptsPerAccount: 5, windowMinutes: 5 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['LOGIN_FAILED'],
    usesIpAllowlist: true,
  },
  {
    id: 'credential-stuffing',
    name: 'Credential stuffing from one IP',
    description: 'One IP trying leaked credentials: many accounts, at most a couple of tries each (Elastic prebuilt rule).',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: { distinctAccounts: 15, maxAttemptsPerAccount: 2, minAttempts: 25, windowMinutes: 60 },
    lists: {},
    suppressionMinutes: 120,
    triggers: ['LOGIN_FAILED'],
    usesIpAllowlist: true,
  },
  {
    id: 'success-after-attack',
    name: 'Successful login after a credential attack',
    description: 'A successful login on an account that was the target of a brute-force, spray or stuffing alert shortly before.',
    severity: 'CRITICAL',
    enabled: true,
    mode: 'ALERT',
    params: { windowMinutes: 180 },
    lists: {},
    suppressionMinutes: 180,
    triggers: ['LOGIN_SUCCEEDED'],
    usesIpAllowlist: false,
  },
  {
    id: 'mfa-fatigue',
    name: 'MFA fatigue (push bombing)',
    description: 'Repeated MFA push denials; critical when a login succeeds right after them.',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: { threshold: 5, windowMinutes: 10 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['MFA_PUSH_DENIED', 'LOGIN_SUCCEEDED'],
    usesIpAllowlist: false,
  },
  {
    id: 'impossible-travel',
    name: 'Impossible travel',
    description:
      'Two consecutive successful logins farther apart than anyone can travel in the time between them (Okta: 805 km/h).',
    severity: 'MEDIUM',
    enabled: true,
    mode: 'ALERT',
    params: { maxSpeedKmh: 805, minDistanceKm: 500, lookbackMinutes: 10_080 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['LOGIN_SUCCEEDED'],
    usesIpAllowlist: true,
  },
  {
    id: 'new-device-or-country',
    name: 'Login from a new device or country',
    description:
      "A successful login from a device or country outside the account's baseline (Entra: learns 14 days or 10 logins).",
    severity: 'LOW',
    enabled: true,
    mode: 'ALERT',
    params: { baselineDays: 14, baselineLogins: 10, lookbackDays: 90 },
    lists: {},
    suppressionMinutes: 1_440,
    triggers: ['LOGIN_SUCCEEDED'],
    usesIpAllowlist: false,
  },
  {
    id: 'takeover-chain',
    name: 'Account takeover chain',
    description: 'Password reset, a new device and a contact email/phone change on one account within a day.',
    severity: 'CRITICAL',
    enabled: true,
    mode: 'ALERT',
    params: { windowMinutes: 1_440 },
    lists: {},
    suppressionMinutes: 1_440,
    triggers: ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'],
    usesIpAllowlist: false,
  },
  {
    id: 'reset-flood',
    name: 'Reset or unlock request flood',
    description: 'Many password-reset or unlock requests for one account in an hour.',
    severity: 'MEDIUM',
    enabled: true,
    mode: 'ALERT',
    params: { threshold: 5, windowMinutes: 60 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['RESET_OR_UNLOCK_REQUESTED'],
    usesIpAllowlist: false,
  },
  {
    id: 'recovery-abuse',
    name: 'Account recovery abuse',
    description: 'Repeated failed identity verifications on one recovery case, or many recovery cases for one account.',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: { failedVerificationsPerCase: 3, casesPerAccount: 3, caseWindowDays: 7, verificationLookbackDays: 30 },
    lists: {},
    suppressionMinutes: 1_440,
    triggers: ['VERIFICATION_FAILED', 'RECOVERY_CASE_OPENED'],
    usesIpAllowlist: false,
  },
  {
    id: 'rapid-profile-changes',
    name: 'Rapid personal-data changes',
    description: 'Several distinct profile or contact fields changed on one account within an hour.',
    severity: 'MEDIUM',
    enabled: true,
    mode: 'ALERT',
    params: { distinctFields: 3, windowMinutes: 60 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['PROFILE_CHANGED'],
    usesIpAllowlist: false,
  },
  {
    id: 'unusual-transaction',
    name: 'Unusual transaction amount',
    description: "A transaction amount far above the account's history (z-score), once there is enough history to judge.",
    severity: 'MEDIUM',
    enabled: true,
    mode: 'ALERT',
    params: { zScore: 3, minHistory: 10, lookbackDays: 90 },
    lists: {},
    suppressionMinutes: 60,
    triggers: ['TRANSACTION'],
    usesIpAllowlist: false,
  },
  {
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
  },
  {
    id: 'third-party-denied',
    name: 'Third-party access denied by the customer',
    description:
      'The customer refused a pending third-party access request: someone may be trying to reach the account through an app.',
    severity: 'HIGH',
    enabled: true,
    mode: 'ALERT',
    params: {},
    lists: {},
    suppressionMinutes: 0,
    triggers: ['THIRD_PARTY_DENIED'],
    usesIpAllowlist: false,
  },
];
