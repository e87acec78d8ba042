import { createPrivateKey, createPublicKey } from 'node:crypto';
import { loadConfigSection, ConfigError, type Environment } from '@vigil/core';
import { z } from 'zod';
import { jwkThumbprint, verificationKeysFromJwks, type HeadSigningKey, type HeadVerificationKey } from './domain/signed-head.js';

/**
 * Dev-only Ed25519 key that signs chain heads when NODE_ENV is not production and ACTIVITY_SIGNING_KEY is
 * unset. It is public (it is in the repository), so production refuses to start with it.
 */
export const DEV_SIGNING_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAkcBZInVc+7jfDA4XZC9jKoMw/TxAgvcGLj+AoUw1Ek
-----END PRIVATE KEY-----`;

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

const schema = z.object({
  /** Production refuses the public development signing key (the same variable core reads). */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Ed25519 private key (PKCS#8 PEM; newlines may be written as \n) that signs every chain head. */
  ACTIVITY_SIGNING_KEY: z.string().optional(),
  /** Its key id (`kid`) in signed heads and the published key set; default: its RFC 7638 thumbprint. */
  ACTIVITY_SIGNING_KEY_ID: z.string().regex(KEY_ID, 'must be 1-64 letters, digits, _ or -').optional(),
  /** Retired public keys, still published and accepted: a JWK set `{"keys":[{kty,crv,x,kid}]}`. */
  ACTIVITY_SIGNING_PREVIOUS_KEYS: z.string().optional(),
  /** Safety net: every this many seconds, heads left unsigned (a crash between append and signature) get signed. */
  ACTIVITY_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
  /** How often the retention purge runs (seconds); 0 disables the timer (purge on demand only). */
  ACTIVITY_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
});

/** The outbox relay's period: a batch whose publish did not complete is re-published within about this long. */
const OUTBOX_RELAY_INTERVAL_MS = 10_000;

/** activity-logs' knobs, read once; defaults are in the schema above (README "Configuration"). */
export interface ActivityLogsConfig {
  readonly signingKey: HeadSigningKey;
  /** The signing key first, then previous keys: all accepted when verifying and all published. */
  readonly verificationKeys: readonly HeadVerificationKey[];
  /** ACTIVITY_CHECKPOINT_INTERVAL_SECONDS, default 300 s. */
  readonly checkpointIntervalMs: number;
  /** ACTIVITY_PURGE_INTERVAL_SECONDS, default 3600 s; 0 = no timer. */
  readonly purgeIntervalMs: number;
  /** Fixed at 10 s (not an environment knob). */
  readonly outboxRelayIntervalMs: number;
}

/** Reads activity-logs' variables from `env`, like the other subgraphs' config loaders. */
export function loadActivityLogsConfig(env: Environment = process.env): ActivityLogsConfig {
  const parsed = loadConfigSection(schema, env);
  const production = parsed.NODE_ENV === 'production';
  const pem = parsed.ACTIVITY_SIGNING_KEY?.replace(/\\n/g, '\n');
  if (!pem && production) {
    throw new ConfigError(['ACTIVITY_SIGNING_KEY: required in production (an Ed25519 private key, PKCS#8 PEM)']);
  }
  const signingKey = signingKeyOf(pem ?? DEV_SIGNING_KEY_PEM, parsed.ACTIVITY_SIGNING_KEY_ID);
  if (production && samePublicKey(signingKey, signingKeyOf(DEV_SIGNING_KEY_PEM))) {
    throw new ConfigError(['ACTIVITY_SIGNING_KEY: the development key is public; generate a key for production']);
  }
  const previous = previousKeysOf(parsed.ACTIVITY_SIGNING_PREVIOUS_KEYS);
  const ids = new Set([signingKey.id]);
  for (const key of previous) {
    if (ids.has(key.id)) throw new ConfigError([`ACTIVITY_SIGNING_PREVIOUS_KEYS: key id "${key.id}" is used twice`]);
    ids.add(key.id);
  }
  return Object.freeze({
    signingKey,
    verificationKeys: Object.freeze([{ id: signingKey.id, publicKey: signingKey.publicKey }, ...previous]),
    checkpointIntervalMs: parsed.ACTIVITY_CHECKPOINT_INTERVAL_SECONDS * 1000,
    purgeIntervalMs: parsed.ACTIVITY_PURGE_INTERVAL_SECONDS * 1000,
    outboxRelayIntervalMs: OUTBOX_RELAY_INTERVAL_MS,
  });
}

function signingKeyOf(pem: string, keyId?: string): HeadSigningKey {
  let privateKey;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError(['ACTIVITY_SIGNING_KEY: not a PEM private key (PKCS#8, "-----BEGIN PRIVATE KEY-----")']);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError([`ACTIVITY_SIGNING_KEY: must be an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'unknown'}`]);
  }
  const publicKey = createPublicKey(privateKey);
  return { id: keyId ?? jwkThumbprint(publicKey), privateKey, publicKey };
}

function samePublicKey(a: HeadVerificationKey, b: HeadVerificationKey): boolean {
  return a.publicKey.export({ format: 'jwk' }).x === b.publicKey.export({ format: 'jwk' }).x;
}

function previousKeysOf(json: string | undefined): HeadVerificationKey[] {
  if (!json || json.trim().length === 0) return [];
  try {
    return verificationKeysFromJwks(JSON.parse(json));
  } catch (err) {
    throw new ConfigError([`ACTIVITY_SIGNING_PREVIOUS_KEYS: ${(err as Error).message}`]);
  }
}
