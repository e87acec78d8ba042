import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { AuthenticatedContext } from '../plugins/authenticate.js';
import type { GatewayLogger } from '../options.js';
import type { RateLimits } from './limits.js';
import type { RateDecision, RateLimiter, RateRefusal } from './limiter.js';

export type { RateLimits } from './limits.js';

/**
 * Rate limits at the gateway: per client IP before the token is even read (HTTP requests), then per subject and
 * per tenant once the caller is known (HTTP and graphql-ws operations). Over a budget → HTTP 429 with `Retry-After`
 * and `extensions.code: RATE_LIMITED`. Must come after useAuthentication in the plugin list.
 */
export function useRateLimits(
  limiter: RateLimiter,
  limits: RateLimits,
  logger: GatewayLogger,
): GatewayPlugin<AuthenticatedContext> {
  const windowMs = limits.windowMs ?? 60_000;
  /** Counts one request; the refusal, or undefined when allowed (or when the limiter itself failed). */
  const count = async (scope: string, key: string, limit: number): Promise<RateDecision | undefined> => {
    try {
      const decision = await limiter.hit(`${scope}:${key}`, limit, windowMs);
      return decision.allowed ? undefined : decision;
    } catch (error) {
      logger.warn({ err: error, scope }, 'rate limiter unavailable; request allowed');
      return undefined;
    }
  };
  /** The subject's budget, then each tenant's, counted in one go (one Redis round trip); throws at the first refusal. */
  const checkCaller = async (identity: AuthenticatedContext['identity']): Promise<void> => {
    const tenants = [...new Set(identity.tenantIds)];
    const budgets = [
      { key: `subject:${identity.subject}`, limit: limits.perSubject },
      ...tenants.map((tenant) => ({ key: `tenant:${tenant}`, limit: limits.perTenant })),
    ];
    let refused: RateRefusal | undefined;
    try {
      refused = await limiter.hitInOrder(budgets, windowMs);
    } catch (error) {
      logger.warn({ err: error, scope: 'caller' }, 'rate limiter unavailable; request allowed');
      return;
    }
    if (refused) throw rateLimited(refused.index === 0 ? 'subject' : 'tenant', refused.decision.retryAfterSeconds);
  };
  return {
    async onRequest({ serverContext, endResponse, fetchAPI }) {
      const ip = (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket.remoteAddress;
      if (!ip) return;
      const refused = await count('ip', ip, limits.perIp);
      if (!refused) return;
      const retryAfter = String(refused.retryAfterSeconds);
      const error = {
        message: message('ip', refused.retryAfterSeconds),
        extensions: { code: 'RATE_LIMITED', scope: 'ip', retryAfterSeconds: refused.retryAfterSeconds },
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [error] }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': retryAfter },
        }),
      );
    },
    async onContextBuilding({ context }) {
      const identity = context.identity;
      if (!identity) return;
      await checkCaller(identity);
    },
  };
}

function rateLimited(scope: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message(scope, retryAfterSeconds), {
    extensions: {
      code: 'RATE_LIMITED',
      scope,
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}

function message(scope: string, retryAfterSeconds: number): string {
  const who = scope === 'ip' ? 'this address' : scope === 'tenant' ? 'this tenant' : 'this caller';
  return `Too many requests from ${who}: retry in ${retryAfterSeconds} s.`;
}
