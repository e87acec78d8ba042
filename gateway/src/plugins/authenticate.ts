import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Identity } from '@vigil/core';
import type { TokenVerifier } from '../jwt.js';

/** What the gateway adds to each operation's context. */
export interface AuthenticatedContext {
  /** The caller, from a verified JWT. Every operation has one; anonymous calls are rejected. */
  identity: Identity;
}

/**
 * Verifies the caller's JWT for every GraphQL operation, before parsing or planning, and puts the Identity
 * in the context for the upstream signer. HTTP requests carry it in `Authorization`; graphql-ws operations
 * carry a Request built from `connection_init`'s `authorization` (see websocket.ts). Health endpoints are
 * answered before this hook and stay public.
 */
export function useAuthentication(verify: TokenVerifier): GatewayPlugin<AuthenticatedContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const identity = await verify(context.request.headers.get('authorization'));
      extendContext({ identity });
    },
  };
}
