import { ConfigError, loadConfigSection, outboundAllowanceVariable, type Environment } from '@vigil/core';
import { z } from 'zod';
import { DEFAULT_CONTACT_COOLING_OFF_HOURS } from './domain/contact-cooling-off.js';
import { DEFAULT_MAX_OPEN_CASES_PER_ACCOUNT } from './domain/open-case-limit.js';

/** Dev-only pepper, used outside production when RECOVERY_SECRET_PEPPER is unset. */
export const DEV_RECOVERY_SECRET_PEPPER = 'vigil-dev-recovery-pepper-change-me-0123456789';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Key of the HMAC digests of OTP codes and reset tokens; rotating it invalidates codes and links in flight. */
  RECOVERY_SECRET_PEPPER: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where customers open reset links; `case`, `grant` and `token` are appended as query parameters. */
  RESET_LINK_BASE_URL: z.url().default('http://localhost:3000/reset-password'),
  /** SMTP for codes and reset links (`smtp://host:port`); unset outside production → an in-memory outbox. */
  RECOVERY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Loopback / private / link-local SMTP hosts allowed anyway (CIDRs, IPs, names); unset → refused. */
  OUTBOUND_ALLOWED_NETWORKS: outboundAllowanceVariable,
  RECOVERY_MAIL_FROM: z.string().default('Vigil account recovery <no-reply@vigil.example>'),
  /** The accounts subgraph's database, read for registered channels and agents. */
  ACCOUNTS_DB_NAME: z.string().default('vigil_accounts'),
  /** How often SLA timers and reset links are checked, and unsent agent actions retried. */
  RECOVERY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  RESET_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  /** Unfinished cases one account may have; one more is refused (an escalated alert's case never is; ADR 137). */
  RECOVERY_MAX_OPEN_CASES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(DEFAULT_MAX_OPEN_CASES_PER_ACCOUNT),
  /**
   * Hours after a new email or phone-kind address is written to the account before codes and reset links go to it,
   * unless a second person approved it on a case (ADR 150). At least 1: no setting turns the rule off; at most 30 days.
   */
  RECOVERY_CONTACT_COOLING_OFF_HOURS: z.coerce.number().int().min(1).max(720).default(DEFAULT_CONTACT_COOLING_OFF_HOURS),
});

export type RecoveryConfig = Readonly<Omit<z.output<typeof schema>, 'RECOVERY_SECRET_PEPPER'>> & {
  readonly RECOVERY_SECRET_PEPPER: string;
};

/**
 * This subgraph's knobs, read once from the environment (defaults above, documented in the README); frozen, so no
 * part of the subgraph can change them after start. Refuses production without a pepper or SMTP.
 */
export function loadRecoveryConfig(env: Environment = process.env): RecoveryConfig {
  const parsed = loadConfigSection(schema, env);
  const production = parsed.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production && !parsed.RECOVERY_SECRET_PEPPER) missing.push('RECOVERY_SECRET_PEPPER: required in production');
  if (production && !parsed.RECOVERY_SMTP_URL)
    missing.push('RECOVERY_SMTP_URL: required in production (codes and reset links must reach customers)');
  if (missing.length > 0) throw new ConfigError(missing);
  return Object.freeze({ ...parsed, RECOVERY_SECRET_PEPPER: parsed.RECOVERY_SECRET_PEPPER ?? DEV_RECOVERY_SECRET_PEPPER });
}
