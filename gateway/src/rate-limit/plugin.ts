import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { ClientAddresses } from '../client-address.js';
import type { AuthenticatedContext, VerifiedCallers } from '../plugins/authenticate.js';
import { rateLimitError, type RateBudgets } from './rate-budgets.js';

export type { RateLimits } from './limits.js';

/**
 * Rate limits on GraphQL: per client address before the token is even read (HTTP requests), then per subject and per
 * tenant for every operation (HTTP and graphql-ws) — on `onParams`, right after useAuthentication verified the
 * caller and before the document is parsed or validated, so a caller past its budget costs a counter, not a
 * validation (ADR 128). Over a budget → HTTP 429 with `Retry-After` and `extensions.code: RATE_LIMITED`. Must come
 * after useAuthentication in the plugin list, sharing its VerifiedCallers.
 */
export function useRateLimits(
  budgets: RateBudgets,
  addresses: ClientAddresses,
  callers: VerifiedCallers,
): GatewayPlugin<AuthenticatedContext> {
  return {
    async onRequest({ serverContext, endResponse, fetchAPI }) {
      const request = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      if (!request) return;
      const refused = await budgets.address(addresses.of(request));
      if (!refused) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [rateLimitError(refused)] }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': String(refused.retryAfterSeconds) },
        }),
      );
    },
    async onParams({ request, setResult }) {
      const identity = callers.of(request);
      if (!identity) return; // not authenticated: useAuthentication's 401 is the answer
      const refused = await budgets.caller(identity);
      if (!refused) return;
      const { message, extensions } = rateLimitError(refused);
      setResult({
        errors: [
          new GraphQLError(message, {
            extensions: {
              ...extensions,
              http: { status: 429, headers: { 'retry-after': String(refused.retryAfterSeconds) } },
            },
          }),
        ],
      });
    },
  };
}
