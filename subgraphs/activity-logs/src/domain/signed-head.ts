/**
 * Signed chain heads, like CloudTrail digest files: after every appended batch the tenant's head
 * (sequence + hash) is signed with an Ed25519 key. Anyone holding the published public keys can check a
 * head without any Vigil secret; a rewritten chain (every hash recomputed) still links but no longer
 * matches the signed heads. Each head names its key (`keyId`) so keys can rotate: retired public keys
 * stay published and accepted.
 *
 * No database and no Vigil dependency at runtime: the offline verifier (`vigil-verify`) imports this file.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export const SIGNED_HEAD_ALGORITHM = 'EdDSA';

export interface SignedHeadBody {
  readonly tenantId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly createdAt: Date | string;
  /** The `kid` of the key that signed it (a JWK in the published key set). */
  readonly keyId: string;
}

export interface SignedHead extends SignedHeadBody {
  /** Ed25519 signature over `signedHeadPayload(body)`, base64url. */
  readonly signature: string;
}

export interface HeadSigningKey {
  readonly id: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface HeadVerificationKey {
  readonly id: string;
  readonly publicKey: KeyObject;
}

/** One public key as published (RFC 8037 OKP JWK). */
export interface SigningJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: typeof SIGNED_HEAD_ALGORITHM;
  readonly use: 'sig';
}

/** The bytes signed: a versioned, domain-separated canonical JSON (a head signature is never valid as anything else). */
export function signedHeadPayload(body: SignedHeadBody): Buffer {
  const { tenantId, sequence, hash, createdAt, keyId } = body;
  return Buffer.from(
    canonicalJson({
      kind: 'vigil.activity.signed-head',
      v: 1,
      tenantId,
      sequence,
      hash,
      createdAt: new Date(createdAt).toISOString(),
      keyId,
    }),
    'utf8',
  );
}

export function signHead<T extends SignedHeadBody>(body: T, key: HeadSigningKey): T & { readonly signature: string } {
  if (body.keyId !== key.id) throw new Error(`Signed head names key ${body.keyId} but key ${key.id} was given`);
  return { ...body, signature: sign(null, signedHeadPayload(body), key.privateKey).toString('base64url') };
}

/** True when a known key signed exactly this head; false for an unknown key id or any malformed field. */
export function verifyHead(head: SignedHead, keys: readonly HeadVerificationKey[]): boolean {
  const key = keys.find((candidate) => candidate.id === head.keyId);
  if (!key || typeof head.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(head.signature)) return false;
  try {
    return verify(null, signedHeadPayload(head), key.publicKey, Buffer.from(head.signature, 'base64url'));
  } catch {
    return false;
  }
}

export function publicJwkOf(key: HeadVerificationKey): SigningJwk {
  const { x } = key.publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('not an Ed25519 public key');
  return { kty: 'OKP', crv: 'Ed25519', x, kid: key.id, alg: SIGNED_HEAD_ALGORITHM, use: 'sig' };
}

/** RFC 7638 thumbprint: the default key id, stable for a key and different for every other. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
    .digest('base64url');
}

/** Reads a published key set `{ "keys": [...] }`; throws with a message naming what is wrong. */
export function verificationKeysFromJwks(jwks: unknown): HeadVerificationKey[] {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('expected a JWK set: { "keys": [ ... ] } with at least one key');
  if (keys.length > 100) throw new Error('a key set holds at most 100 keys');
  return keys.map((jwk: unknown, index) => {
    const candidate = jwk as Partial<SigningJwk> | null;
    if (candidate?.kty !== 'OKP' || candidate.crv !== 'Ed25519' || typeof candidate.x !== 'string') {
      throw new Error(`keys[${index}] is not an Ed25519 public key (kty OKP, crv Ed25519, x)`);
    }
    if (typeof candidate.kid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(candidate.kid)) {
      throw new Error(`keys[${index}] needs a kid of 1-64 letters, digits, _ or -`);
    }
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: candidate.x }, format: 'jwk' });
    return { id: candidate.kid, publicKey };
  });
}
