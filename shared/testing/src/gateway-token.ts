import type { Role } from '@vigil/core';
import { mintDevToken } from '@vigil/gateway';
import { TEST_TENANT } from './identity.js';

export interface GatewayTokenRequest {
  /** The gateway's HS256 secret (JWT_SECRET of the stack or gateway under test). */
  readonly secret: string;
  readonly roles?: readonly Role[];
  readonly tenants?: readonly string[];
  /** Default `test-<first role>`. */
  readonly subject?: string;
  /** Default 600 s. */
  readonly ttlSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

/**
 * A bearer token the gateway accepts, minted like `npm run token` does. The caller-side half of the identity
 * helper (`identityOf` is the subgraph side); in its own entry point so subgraph tests do not load the gateway.
 */
export function mintGatewayToken(request: GatewayTokenRequest): Promise<string> {
  const roles = request.roles ?? ['AGENT'];
  return mintDevToken({
    secret: request.secret,
    roles,
    tenants: request.tenants ?? [TEST_TENANT],
    subject: request.subject ?? `test-${roles[0]?.toLowerCase() ?? 'nobody'}`,
    ttlSeconds: request.ttlSeconds ?? 600,
    ...(request.issuer ? { issuer: request.issuer } : {}),
    ...(request.audience ? { audience: request.audience } : {}),
  });
}
