import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { ClientAddresses } from '../client-address.js';
import type { AuthenticatedContext } from '../plugins/authenticate.js';
import { rateLimitError, type RateBudgets } from './rate-budgets.js';

export type { RateLimits } from './limits.js';

/**
 * Rate limits on GraphQL: per client address before the token is even read (HTTP requests), then per subject and per
 * tenant once the caller is known (HTTP and graphql-ws operations). Over a budget → HTTP 429 with `Retry-After` and
 * `extensions.code: RATE_LIMITED`. Must come after useAuthentication in the plugin list.
 */
export function useRateLimits(budgets: RateBudgets, addresses: ClientAddresses): GatewayPlugin<AuthenticatedContext> {
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
    async onContextBuilding({ context }) {
      const identity = context.identity;
      if (!identity) return;
      const refused = await budgets.caller(identity);
      if (!refused) return;
      const { message, extensions } = rateLimitError(refused);
      throw new GraphQLError(message, {
        extensions: {
          ...extensions,
          http: { status: 429, headers: { 'retry-after': String(refused.retryAfterSeconds) } },
        },
      });
    },
  };
}
