import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, type JWK, type JWTVerifyGetKey } from 'jose';
import { jsonOrUndefined } from '../domain/json-text.js';

/**
 * The gateway's Ed25519 keys for upstream identities (docs/adr/010-asymmetric-upstream-identity.md).
 * The gateway holds one private key and signs with it; everything else — our subgraphs, partner subgraphs —
 * holds public keys only, from the gateway's JWKS (`/.well-known/vigil-gateway-jwks.json`) or configured.
 */

/** Public half of a gateway key, as published in the JWKS. */
export interface GatewayPublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
}

export interface GatewaySigningKey {
  /** `kid` in every signature's header: how verifiers pick the key, and how keys rotate. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: GatewayPublicJwk;
}

/**
 * The dev key: used outside production when GATEWAY_SIGNING_KEY is unset, so `npm start` and the tests work
 * out of the box. Its private half is in this public file, so production refuses it (config.ts).
 */
export const DEV_GATEWAY_KEY_ID = 'vigil-dev-2026';
const DEV_GATEWAY_PRIVATE_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  kid: DEV_GATEWAY_KEY_ID,
  d: 'BOHz6i1QZrfP_bGNOn-STpsF_zVCC5-1cmJZybE9z4Y',
  x: 'Umjpv38Xg-qiE4EewG_xmZn2KgBGiJpiQEQHKmRKgy0',
};

const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The dev signing key (never in production). */
export function devGatewaySigningKey(): GatewaySigningKey {
  return signingKeyFromJwk(DEV_GATEWAY_PRIVATE_JWK);
}

/** A fresh key pair, e.g. for `npm run keygen` or a test of rotation. */
export function generateGatewaySigningKey(kid: string): GatewaySigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFromJwk({ ...privateKey.export({ format: 'jwk' }), kid });
}

/** GATEWAY_SIGNING_KEY: an Ed25519 private JWK with a `kid`. Throws a message naming what is wrong (never the key). */
export function parseGatewaySigningKey(text: string): GatewaySigningKey {
  const jwk = jsonOrUndefined(text);
  if (jwk === undefined) {
    throw new Error('must be a JSON Web Key (an Ed25519 private JWK: {"kty":"OKP","crv":"Ed25519","kid":…,"d":…,"x":…})');
  }
  return signingKeyFromJwk(jwk);
}

/** GATEWAY_PUBLIC_KEYS: a JWKS `{ "keys": [ … ] }` of Ed25519 public keys (other keys of the gateway: rotation). */
export function parseGatewayPublicKeys(text: string): GatewayPublicJwk[] {
  const parsed = jsonOrUndefined(text);
  if (parsed === undefined) throw new Error('must be a JWKS: {"keys":[{"kty":"OKP","crv":"Ed25519","kid":…,"x":…}]}');
  const keys = isRecord(parsed) ? parsed.keys : undefined;
  if (!Array.isArray(keys) || keys.length > 16) throw new Error('must be a JWKS with at most 16 keys: {"keys":[…]}');
  return keys.map((key: unknown) => publicJwkOf(key));
}

function signingKeyFromJwk(jwk: unknown): GatewaySigningKey {
  if (!isRecord(jwk) || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') {
    throw new Error('must be an Ed25519 private JWK ({"kty":"OKP","crv":"Ed25519","d":…}); generate one with npm run keygen');
  }
  const kid = jwk.kid;
  if (typeof kid !== 'string' || !KEY_ID.test(kid)) throw new Error('needs a "kid" of 1–64 letters, digits, ".", "_", ":", "-"');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: String(jwk.x ?? '') }, format: 'jwk' });
  } catch {
    throw new Error('is not a valid Ed25519 private key');
  }
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('is not a valid Ed25519 private key');
  return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

function publicJwkOf(key: unknown): GatewayPublicJwk {
  if (!isRecord(key) || key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string') {
    throw new Error('every key must be an Ed25519 public JWK ({"kty":"OKP","crv":"Ed25519","x":…,"kid":…})');
  }
  if ('d' in key) throw new Error('holds a private key ("d"): publish public keys only');
  if (typeof key.kid !== 'string' || !KEY_ID.test(key.kid)) throw new Error('every key needs a "kid"');
  return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** Where a verifier finds the gateway's public keys. */
export interface GatewayKeySource {
  /** Public keys known up front (in-process stack, GATEWAY_PUBLIC_KEYS). Looked up first. */
  readonly keys?: readonly GatewayPublicJwk[];
  /** The gateway's JWKS URL: fetched when a signature names a `kid` not known yet. */
  readonly jwksUrl?: string;
  /** At most one JWKS fetch per this many milliseconds, whatever kids callers send. Default 30 s. */
  readonly minRefetchIntervalMs?: number;
}

/** A jose key resolver over a {@link GatewayKeySource}. */
export type GatewayKeys = JWTVerifyGetKey;

/**
 * Resolves a signature's `kid` to a public key: the static keys first, then the JWKS URL. jose's remote set caches
 * the JWKS (10 min) and refetches it when a `kid` is unknown, at most once per `minRefetchIntervalMs`, so a key
 * added to the gateway's JWKS (rotation) is picked up without a restart, and a flood of made-up kids costs
 * one fetch per interval.
 */
export function gatewayKeys(source: GatewayKeySource): GatewayKeys {
  const local = source.keys?.length ? createLocalJWKSet({ keys: source.keys.map((key) => ({ ...key }) as JWK) }) : undefined;
  const remote = source.jwksUrl
    ? createRemoteJWKSet(new URL(source.jwksUrl), {
        cooldownDuration: source.minRefetchIntervalMs ?? 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
      })
    : undefined;
  if (!local && !remote) throw new Error('No gateway public keys: set GATEWAY_JWKS_URL or GATEWAY_PUBLIC_KEYS.');
  return async (header, token) => {
    if (local) {
      try {
        return await local(header, token);
      } catch (error) {
        if (!remote || !(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      }
    }
    return remote!(header, token);
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The gateway-key settings of `VigilConfig`, named here so that auth does not import config (config imports auth). */
export interface GatewayKeySettings {
  readonly GATEWAY_SIGNING_KEY: GatewaySigningKey | undefined;
  readonly GATEWAY_PUBLIC_KEYS: readonly GatewayPublicJwk[];
  readonly GATEWAY_JWKS_URL?: string | undefined;
}

/**
 * A subgraph's view of the gateway's keys from config: the public half of GATEWAY_SIGNING_KEY when this process
 * has it (the one-process stack, dev), GATEWAY_PUBLIC_KEYS, and GATEWAY_JWKS_URL for keys added later (rotation).
 */
export function gatewayKeysFromConfig(config: GatewayKeySettings): GatewayKeys {
  const keys = [...(config.GATEWAY_SIGNING_KEY ? [config.GATEWAY_SIGNING_KEY.publicJwk] : []), ...config.GATEWAY_PUBLIC_KEYS];
  return gatewayKeys({ keys, ...(config.GATEWAY_JWKS_URL ? { jwksUrl: config.GATEWAY_JWKS_URL } : {}) });
}
