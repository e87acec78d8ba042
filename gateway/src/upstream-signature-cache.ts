import {
  operationDigest,
  signUpstreamDigest,
  UPSTREAM_SIGNATURE_TTL_SECONDS,
  type GatewaySigningKey,
  type Identity,
  type UpstreamOperation,
} from '@vigil/core';
import { ExpiringCache } from './expiring-cache.js';

/** Signatures remembered per gateway process. */
export const DEFAULT_SIGNATURE_CACHE_SIZE = 10_000;
/** A signature is handed out again for at most this long after it was made… */
export const SIGNATURE_REUSE_MS = 20_000;
/** …and only while at least this much of its validity is left (slow upstreams, clock skew). */
export const SIGNATURE_MIN_REMAINING_MS = 30_000;

/**
 * Upstream identity signatures (ADR 010), made once and handed out again for the same caller, subgraph and
 * operation. Safe because the JWS binds exactly what the key holds — `kid`, audience, subject, roles, tenants, the
 * caller's expiry and the digest of query + operationName + variables — and nothing else but its times: a reused
 * JWS is byte for byte one the subgraph already accepts for the rest of its 60 s validity, so whoever saw the first
 * could replay it anyway. No other caller (another subject, role set, tenant set or token expiry) ever gets it.
 * Reuse stops SIGNATURE_REUSE_MS after signing or when less than SIGNATURE_MIN_REMAINING_MS of validity is left.
 */
export class UpstreamSignatureCache {
  private readonly signatures: ExpiringCache<string>;

  constructor(
    private readonly signingKey: GatewaySigningKey,
    maxEntries = DEFAULT_SIGNATURE_CACHE_SIZE,
    private readonly now: () => number = Date.now,
  ) {
    this.signatures = new ExpiringCache(maxEntries);
  }

  sign(identity: Identity, audience: string, operation: UpstreamOperation): string {
    const digest = operationDigest(operation);
    const key = JSON.stringify([
      this.signingKey.kid,
      audience,
      identity.subject,
      identity.roles,
      identity.tenantIds,
      identity.expiresAt,
      digest,
    ]);
    const nowMs = this.now();
    const known = this.signatures.get(key, nowMs);
    if (known) return known;
    const jws = signUpstreamDigest(identity, digest, { key: this.signingKey, audience, now: () => nowMs });
    // The same validity signUpstreamDigest gives the JWS: 60 s from iat, never past the caller's own token.
    const issuedAtMs = Math.floor(nowMs / 1000) * 1000;
    const expiresAtMs = Math.min(identity.expiresAt * 1000, issuedAtMs + UPSTREAM_SIGNATURE_TTL_SECONDS * 1000);
    this.signatures.set(key, jws, Math.min(issuedAtMs + SIGNATURE_REUSE_MS, expiresAtMs - SIGNATURE_MIN_REMAINING_MS));
    return jws;
  }
}
