import { identityFromClaims, InvalidClaimsError, type Identity } from '@vigil/core';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { JwtOptions } from './options.js';

/** A client's credentials were missing or not accepted. Answered as UNAUTHENTICATED (HTTP 401 / close 4401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Identity>;

const MAX_TOKEN_LENGTH = 8_192;
/** Asymmetric algorithms identity providers publish in a JWKS; HS256 only with the shared dev secret. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies `Authorization: Bearer <JWT>` with jose: against the JWKS when `jwksUrl` is set, else HS256 with
 * `secret`. `exp` and `sub` are required; `iss` / `aud` are checked when configured.
 */
export function createTokenVerifier(options: JwtOptions): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : hs256Key(options.secret);
  const algorithms = options.jwksUrl ? JWKS_ALGORITHMS : ['HS256'];

  return async (authorization) => {
    const token = bearerToken(authorization);
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
      });
      return identityFromClaims(payload);
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
