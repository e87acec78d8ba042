import type { ServerResponse } from 'node:http';
import type { GatewayPublicJwk, GatewaySigningKey } from '@vigil/core';

/** Where the gateway publishes the public keys its upstream identities are signed with. */
export const GATEWAY_JWKS_PATH = '/.well-known/vigil-gateway-jwks.json';

/** The JWKS: the signing key's public half first, then the other published keys (rotation), without duplicates. */
export function gatewayJwks(
  signingKey: GatewaySigningKey,
  published: readonly GatewayPublicJwk[] = [],
): { keys: GatewayPublicJwk[] } {
  const keys = [signingKey.publicJwk, ...published.filter((key) => key.kid !== signingKey.kid)];
  return { keys };
}

/**
 * Answers the JWKS. Public and cacheable for a few minutes: verifiers refetch on an unknown `kid` anyway,
 * so a new key is picked up at once and a removed one lingers at most this long.
 */
export function sendJwks(response: ServerResponse, jwks: { keys: GatewayPublicJwk[] }, method: string | undefined): void {
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const body = JSON.stringify(jwks);
  response.writeHead(200, {
    'content-type': 'application/jwk-set+json',
    'cache-control': 'public, max-age=300',
    'content-length': Buffer.byteLength(body),
  });
  response.end(method === 'HEAD' ? undefined : body);
}
