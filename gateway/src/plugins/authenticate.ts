import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Identity } from '@vigil/core';
import { GraphQLError } from 'graphql';
import type { TokenVerifier } from '../jwt.js';

/** What the gateway adds to each operation's context. */
export interface AuthenticatedContext {
  /** The caller, from a verified JWT. Every operation has one; anonymous calls are rejected. */
  identity: Identity;
}

/** The callers verified so far, by request: what later `onParams` hooks (the rate limits) read, before any parse. */
export class VerifiedCallers {
  private readonly byRequest = new WeakMap<Request, Identity>();

  of(request: Request): Identity | undefined {
    return this.byRequest.get(request);
  }

  remember(request: Request, identity: Identity): void {
    this.byRequest.set(request, identity);
  }
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
export function useAuthentication(verify: TokenVerifier, verified: VerifiedCallers): GatewayPlugin<AuthenticatedContext> {
  return {
    async onParams({ request, setResult }) {
      try {
        verified.remember(request, await verify(request.headers.get('authorization')));
      } catch (error) {
        // A result, not a throw: over graphql-ws a throw from onParams would become an internal error.
        if (error instanceof GraphQLError) setResult({ errors: [error] });
        else throw error;
      }
    },
    async onContextBuilding({ context, extendContext }) {
      // Verified above for this request (the same Request object); verified again if the runtime handed another.
      const identity = verified.of(context.request) ?? (await verify(context.request.headers.get('authorization')));
      extendContext({ identity });
    },
  };
}
