import { createHash } from 'node:crypto';
import { identityFromClaims, InvalidClaimsError, type Identity } from '@vigil/core';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ExpiringCache } from './expiring-cache.js';
import type { JwtOptions } from './options.js';

/** A client's credentials were missing or not accepted. Answered as UNAUTHENTICATED (HTTP 401 / close 4401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Identity>;

const MAX_TOKEN_LENGTH = 8_192;
/** Verified tokens remembered per gateway process (JWT_VERIFY_CACHE_SIZE in createGateway's options). */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/**
 * A verified token is trusted from the cache for at most this long (and never past its `exp`): with a JWKS, a key
 * the identity provider withdraws stops being honoured within this time, as it would after jose's JWKS refresh.
 */
export const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
/** Asymmetric algorithms identity providers publish in a JWKS; HS256 only with the shared dev secret. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies `Authorization: Bearer <JWT>` with jose: against the JWKS when `jwksUrl` is set, else HS256 with
 * `secret`. `exp` and `sub` are required; `iss` / `aud` are checked when configured.
 *
 * Accepted tokens are remembered (bounded, least recently used out) under the SHA-256 of the exact token text, so
 * a caller's next request skips the signature check; only the very same token maps to its identity. An entry ends
 * at the token's `exp` or after VERIFIED_TOKEN_MAX_AGE_MS, whichever is first. Rejections are never remembered.
 */
export function createTokenVerifier(options: JwtOptions, cacheSize = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : hs256Key(options.secret);
  const algorithms = options.jwksUrl ? JWKS_ALGORITHMS : ['HS256'];
  const verified = new ExpiringCache<Identity>(cacheSize);

  return async (authorization) => {
    const token = bearerToken(authorization);
    // A digest as the key: lookups compare fixed-length hashes, never a forged token against a real one.
    const cacheKey = createHash('sha256').update(token).digest('base64url');
    const now = Date.now();
    const known = verified.get(cacheKey, now);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
      });
      // Frozen: the same object answers every request with this token.
      const claimed = identityFromClaims(payload);
      const identity: Identity = Object.freeze({
        ...claimed,
        roles: Object.freeze([...claimed.roles]),
        tenantIds: Object.freeze([...claimed.tenantIds]),
      });
      verified.set(cacheKey, identity, Math.min(identity.expiresAt * 1000, now + VERIFIED_TOKEN_MAX_AGE_MS));
      return identity;
    } catch (error) {
      throw unauthenticated(rejectionMessage(error));
    }
  };
}

function hs256Key(secret: string | undefined): Uint8Array {
  if (!secret) throw new Error('JWT verification needs jwt.jwksUrl (JWT_JWKS_URL) or jwt.secret (JWT_SECRET).');
  return new TextEncoder().encode(secret);
}

function bearerToken(authorization: string | undefined | null): string {
  if (!authorization) throw unauthenticated('Missing token: send "Authorization: Bearer <JWT>".');
  const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(authorization.trim());
  if (!match || match[1]!.length > MAX_TOKEN_LENGTH) {
    throw unauthenticated('Malformed Authorization header: expected "Bearer <JWT>".');
  }
  return match[1]!;
}

function rejectionMessage(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Token expired: sign in again to get a new token.';
  if (error instanceof InvalidClaimsError) return error.message;
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Token rejected: ${error.claim} claim is not valid here.`;
  // Signature, algorithm and format failures get one message: do not help a forger narrow it down.
  return 'Invalid token: it is not signed by a trusted issuer.';
}
