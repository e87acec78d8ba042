import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { DEV_SIGNING_KEY_PEM, loadActivityLogsConfig } from '../../src/config.js';
import { publicJwkOf } from '../../src/domain/signed-head.js';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const production = { NODE_ENV: 'production' };

describe('activity-logs config', () => {
  it('refuses to run in production without an Ed25519 signing key, or with the public dev key', () => {
    expect(() => loadActivityLogsConfig(production)).toThrow(/ACTIVITY_SIGNING_KEY: required in production/);
    expect(() => loadActivityLogsConfig({ ...production, ACTIVITY_SIGNING_KEY: 'k'.repeat(40) })).toThrow(ConfigError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => loadActivityLogsConfig({ ...production, ACTIVITY_SIGNING_KEY: rsa.toString() })).toThrow(
      /must be an Ed25519 key/,
    );
    expect(() =>
      loadActivityLogsConfig({ ...production, ACTIVITY_SIGNING_KEY: DEV_SIGNING_KEY_PEM, ACTIVITY_SIGNING_KEY_ID: 'prod' }),
    ).toThrow(/development key is public/);
    expect(loadActivityLogsConfig({ ...production, ACTIVITY_SIGNING_KEY: pem() }).signingKey.privateKey.asymmetricKeyType).toBe(
      'ed25519',
    );
  });

  it('reads the key (PEM with \\n escapes), its id, previous public keys for rotation and intervals', () => {
    const retired = loadActivityLogsConfig({ ACTIVITY_SIGNING_KEY: pem() });
    const config = loadActivityLogsConfig({
      ACTIVITY_SIGNING_KEY: pem().replace(/\n/g, '\\n'),
      ACTIVITY_SIGNING_KEY_ID: 'k2',
      ACTIVITY_SIGNING_PREVIOUS_KEYS: JSON.stringify({ keys: [publicJwkOf({ ...retired.signingKey, id: 'k1' })] }),
      ACTIVITY_PURGE_INTERVAL_SECONDS: '0',
    });
    expect(config.signingKey.id).toBe('k2');
    expect(config.verificationKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(config).toMatchObject({ purgeIntervalMs: 0, checkpointIntervalMs: 300_000 });
    // Without an explicit id, the key is named by its RFC 7638 thumbprint.
    expect(retired.signingKey.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => loadActivityLogsConfig({ ACTIVITY_SIGNING_PREVIOUS_KEYS: '{"keys":[{"kty":"oct"}]}' })).toThrow(
      /ACTIVITY_SIGNING_PREVIOUS_KEYS/,
    );
  });
});
