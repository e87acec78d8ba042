import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Identity } from '@vigil/core';
import { GraphQLError } from 'graphql';
import type { TokenVerifier } from '../jwt.js';

/** What the gateway adds to each operation's context. */
export interface AuthenticatedContext {
  /** The caller, from a verified JWT. Every operation has one; anonymous calls are rejected. */
  identity: Identity;
}

/**
 * Verifies the caller's JWT for every GraphQL operation before its document is parsed or validated, and puts the
 * Identity in the context for the upstream signer. HTTP requests carry it in `Authorization`; graphql-ws operations
 * carry a Request built from `connection_init`'s `authorization` (see websocket.ts). Health endpoints are answered
 * before this hook and stay public.
 *
 * Why on onParams (before parsing) and not only when the context is built (after validation): parse and validation
 * cost grows with the document — a 3,000-token document of repeated fields takes ~60 ms to validate — and an
 * anonymous client must not be able to spend that, 1,200 times a minute per address, before it is refused (ADR 128).
 */
export function useAuthentication(verify: TokenVerifier): GatewayPlugin<AuthenticatedContext> {
  const verified = new WeakMap<Request, Identity>();
  return {
    async onParams({ request, setResult }) {
      try {
        verified.set(request, await verify(request.headers.get('authorization')));
      } catch (error) {
        // A result, not a throw: over graphql-ws a throw from onParams would become an internal error.
        if (error instanceof GraphQLError) setResult({ errors: [error] });
        else throw error;
      }
    },
    async onContextBuilding({ context, extendContext }) {
      // Verified above for this request (the same Request object); verified again if the runtime handed another.
      const identity = verified.get(context.request) ?? (await verify(context.request.headers.get('authorization')));
      extendContext({ identity });
    },
  };
}
