import { loadConfigSection, ConfigError, type Environment, type VigilConfig } from '@vigil/core';
import { z } from 'zod';
import type { CheckpointKey } from './domain/checkpoint.js';

/** Dev-only checkpoint key, used when NODE_ENV is not production and ACTIVITY_CHECKPOINT_KEY is unset. */
export const DEV_CHECKPOINT_KEY = 'vigil-dev-activity-checkpoint-key-0123456789';

const schema = z.object({
  /** HMAC-SHA256 key that signs chain checkpoints (≥ 32 characters). */
  ACTIVITY_CHECKPOINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Names the key inside each checkpoint so it can rotate. */
  ACTIVITY_CHECKPOINT_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('k1'),
  /** Older keys still accepted when verifying: `id:secret,id:secret`. */
  ACTIVITY_CHECKPOINT_PREVIOUS_KEYS: z.string().optional(),
  /** A checkpoint is signed whenever a tenant's chain grows by this many events… */
  ACTIVITY_CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** …and by the periodic job for every tenant whose head moved, every this many seconds. */
  ACTIVITY_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
  /** How often the retention purge runs (seconds); 0 disables the timer (purge on demand only). */
  ACTIVITY_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
});

export interface ActivityLogsConfig {
  readonly signingKey: CheckpointKey;
  /** The signing key first, then previous keys: all accepted when verifying. */
  readonly verificationKeys: readonly CheckpointKey[];
  readonly checkpointEveryEvents: number;
  readonly checkpointIntervalMs: number;
  readonly purgeIntervalMs: number;
}

export function loadActivityLogsConfig(common: VigilConfig, env: Environment = process.env): ActivityLogsConfig {
  const parsed = loadConfigSection(schema, env);
  let secret = parsed.ACTIVITY_CHECKPOINT_KEY;
  if (!secret) {
    if (common.NODE_ENV === 'production') throw new ConfigError(['ACTIVITY_CHECKPOINT_KEY: required in production']);
    secret = DEV_CHECKPOINT_KEY;
  }
  const signingKey = { id: parsed.ACTIVITY_CHECKPOINT_KEY_ID, secret: Buffer.from(secret, 'utf8') };
  const previous = (parsed.ACTIVITY_CHECKPOINT_PREVIOUS_KEYS ?? '')
    .split(',')
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const separator = entry.indexOf(':');
      if (separator <= 0) throw new ConfigError(['ACTIVITY_CHECKPOINT_PREVIOUS_KEYS: expected id:secret,id:secret']);
      return { id: entry.slice(0, separator), secret: Buffer.from(entry.slice(separator + 1), 'utf8') };
    });
  return {
    signingKey,
    verificationKeys: [signingKey, ...previous],
    checkpointEveryEvents: parsed.ACTIVITY_CHECKPOINT_EVERY_EVENTS,
    checkpointIntervalMs: parsed.ACTIVITY_CHECKPOINT_INTERVAL_SECONDS * 1000,
    purgeIntervalMs: parsed.ACTIVITY_PURGE_INTERVAL_SECONDS * 1000,
  };
}
