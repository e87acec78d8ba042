import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@vigil/core';
import { loadActivityLogsConfig } from '../../src/config.js';

describe('activity-logs config', () => {
  it('refuses to run in production without a checkpoint signing key', () => {
    const production = { ...loadConfig({ NODE_ENV: 'test' }), NODE_ENV: 'production' as const };
    expect(() => loadActivityLogsConfig(production, {})).toThrow(ConfigError);
    expect(() => loadActivityLogsConfig(production, { ACTIVITY_CHECKPOINT_KEY: 'short' })).toThrow(/at least 32/);
  });

  it('reads the signing key, previous keys for rotation and intervals', () => {
    const config = loadActivityLogsConfig(loadConfig({ NODE_ENV: 'test' }), {
      ACTIVITY_CHECKPOINT_KEY: 'k'.repeat(40),
      ACTIVITY_CHECKPOINT_KEY_ID: 'k2',
      ACTIVITY_CHECKPOINT_PREVIOUS_KEYS: `k1:${'o'.repeat(40)}`,
      ACTIVITY_CHECKPOINT_EVERY_EVENTS: '100',
      ACTIVITY_PURGE_INTERVAL_SECONDS: '0',
    });
    expect(config.signingKey.id).toBe('k2');
    expect(config.verificationKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(config).toMatchObject({ checkpointEveryEvents: 100, purgeIntervalMs: 0 });
  });
});
