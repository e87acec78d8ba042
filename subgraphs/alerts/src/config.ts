import { loadConfigSection, type Environment } from '@vigil/core';
import { z } from 'zod';

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
  ALERTS_EMAIL_FROM: z.string().default('Vigil security alerts <alerts@vigil.invalid>'),
  /** Provider HTTP endpoints and keys for SMS, voice and push (JSON `{ to, message, channel, reference }`). */
  ALERTS_SMS_URL: optionalUrl,
  ALERTS_SMS_API_KEY: z.string().optional(),
  ALERTS_VOICE_URL: optionalUrl,
  ALERTS_VOICE_API_KEY: z.string().optional(),
  ALERTS_PUSH_URL: optionalUrl,
  ALERTS_PUSH_API_KEY: z.string().optional(),
});

export type AlertsConfig = z.output<typeof alertsSchema>;

export function loadAlertsConfig(env: Environment = process.env): AlertsConfig {
  return loadConfigSection(alertsSchema, env);
}
