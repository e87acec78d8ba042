import { loadConfigSection, outboundAllowanceVariable, type Environment, type TenantReferences } from '@vigil/core';
import { z } from 'zod';
import type { OutboxOptions } from './application/notifications/outbox.js';
import type { ActivityChain, RecipientDirectory } from './application/ports.js';

const optionalUrl = z.url().optional();

/** The alerts subgraph's own environment (documented in the README's variable table). */
const alertsSchema = z.object({
  /** Accounts subgraph endpoint for customer contact channels; default http://127.0.0.1:ACCOUNTS_PORT/graphql. */
  ALERTS_ACCOUNTS_URL: optionalUrl,
  /** activity-logs endpoint: records third-party access events and verifies alert evidence; default http://127.0.0.1:ACTIVITY_LOGS_PORT/graphql. */
  ALERTS_ACTIVITY_LOGS_URL: optionalUrl,
  /** SMTP for customer emails, e.g. smtp://user:pass@mail.example.com:587. Unset → email deliveries fail "not configured". */
  ALERTS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of customer emails. */
  ALERTS_EMAIL_FROM: z.string().default('Vigil security alerts <alerts@vigil.invalid>'),
  /** Provider HTTP endpoints and keys for SMS, voice and push (JSON `{ to, message, channel, reference }`). */
  ALERTS_SMS_URL: optionalUrl,
  ALERTS_SMS_API_KEY: z.string().optional(),
  ALERTS_VOICE_URL: optionalUrl,
  ALERTS_VOICE_API_KEY: z.string().optional(),
  ALERTS_PUSH_URL: optionalUrl,
  ALERTS_PUSH_API_KEY: z.string().optional(),
  /**
   * Most detection events each instance keeps in memory between pages for the rules' windows (ADR 115); 0 turns
   * the cache off (every window read goes to MongoDB). About 0.6 KB per event held (measured, ADR 115).
   */
  ALERTS_WINDOW_CACHE_EVENTS: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  /**
   * Most days a customer notification delivery keeps the address it went to (ADR 146). A tenant's retention purges
   * shorten it (the shortest period the tenant set); this bounds a tenant whose purges alerts have not seen. 30 days
   * to 7 years, as a retention period; default 400, activity-logs' default retention.
   */
  ALERTS_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(30).max(2557).default(400),
  /**
   * CIDRs, IPs and host names outbound calls (webhooks, providers, SMTP) may reach although they are loopback,
   * private or link-local, e.g. `10.1.2.3,mail.internal`. Unset → none: such addresses are refused.
   */
  OUTBOUND_ALLOWED_NETWORKS: outboundAllowanceVariable,
});

export type AlertsConfig = Readonly<z.output<typeof alertsSchema>>;

/** Read once at assembly (default `process.env`); invalid values fail start-up with every problem listed. */
export function loadAlertsConfig(env: Environment = process.env): AlertsConfig {
  return Object.freeze(loadConfigSection(alertsSchema, env));
}

/** The MongoDB database the alerts subgraph owns. */
export const ALERTS_DB_NAME = 'vigil_alerts';

/** What the composition root is given besides `SubgraphDeps`: test doubles and the stack's late-bound URLs. */
export interface AlertsSubgraphOptions {
  /** Environment for the alerts config section above (default process.env). */
  readonly env?: Environment;
  /** Where customer contact channels come from; default: the accounts subgraph at ALERTS_ACCOUNTS_URL. `null`: no customer notifications. */
  readonly recipients?: RecipientDirectory | null;
  /** Retry/backoff/rate-limit/poll tuning of the notification outbox (tests shorten the backoff). */
  readonly outbox?: OutboxOptions;
  /** Which account ids are a tenant's. Default: read-only on the accounts subgraph's collection. */
  readonly accounts?: TenantReferences;
  /** Which agents (token subjects) are a tenant's, for assignments. Default: read-only on accounts' agents. */
  readonly agents?: TenantReferences;
  /** Which recovery case ids are a tenant's. Default: read-only on the recovery-cases collection. */
  readonly recoveryCases?: TenantReferences;
  /**
   * The activity chain (records third-party access events, verifies evidence). Default: activity-logs over
   * signed GraphQL at ALERTS_ACTIVITY_LOGS_URL, else `activityLogsUrl()`, else 127.0.0.1:ACTIVITY_LOGS_PORT.
   */
  readonly activityChain?: ActivityChain;
  /** Where activity-logs listens when the stack knows it only after start (one process, ephemeral ports). */
  readonly activityLogsUrl?: () => string | undefined;
  /**
   * What a page that announced new alerts waits for before their bookkeeping, letting the walls' delivery go first
   * (default: DELIVERY_FIRST_MS; tests hold it with a gate they open).
   */
  readonly waitForDelivery?: () => Promise<void>;
}
