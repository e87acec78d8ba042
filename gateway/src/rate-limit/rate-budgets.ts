import type { Identity } from '@vigil/core';
import type { GatewayLogger } from '../options.js';
import type { RateLimits } from './limits.js';
import type { RateLimiter } from './limiter.js';

/** Which budget refused a request, and when to come back. */
export interface RateLimitRefusal {
  readonly scope: 'ip' | 'subject' | 'tenant';
  readonly retryAfterSeconds: number;
}

/**
 * The gateway's three budgets, for every way in (GraphQL over HTTP, graphql-ws operations, the proxied HTTP routes):
 * the client address's, counted before any token is read, then the caller's subject and tenants'. Fail open: when
 * the limiter itself fails (Redis down) the request is allowed and a warning logged — the limiter protects
 * availability and must not become the outage (ADR 092).
 */
export class RateBudgets {
  private readonly windowMs: number;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly limits: RateLimits,
    private readonly logger: GatewayLogger,
  ) {
    this.windowMs = limits.windowMs ?? 60_000;
  }

  /** Counts one request of this client address; the refusal, or undefined when allowed. */
  async address(address: string | undefined): Promise<RateLimitRefusal | undefined> {
    if (address === undefined) return undefined;
    try {
      const decision = await this.limiter.hit(`ip:${address}`, this.limits.perIp, this.windowMs);
      return decision.allowed ? undefined : { scope: 'ip', retryAfterSeconds: decision.retryAfterSeconds };
    } catch (error) {
      this.logger.warn({ err: error, scope: 'ip' }, 'rate limiter unavailable; request allowed');
      return undefined;
    }
  }

  /** Counts one operation of this caller: its subject's budget, then each tenant's (one Redis round trip). */
  async caller(identity: Pick<Identity, 'subject' | 'tenantIds'>): Promise<RateLimitRefusal | undefined> {
    const tenants = [...new Set(identity.tenantIds)];
    const budgets = [
      { key: `subject:${identity.subject}`, limit: this.limits.perSubject },
      ...tenants.map((tenant) => ({ key: `tenant:${tenant}`, limit: this.limits.perTenant })),
    ];
    try {
      const refused = await this.limiter.hitInOrder(budgets, this.windowMs);
      if (!refused) return undefined;
      return { scope: refused.index === 0 ? 'subject' : 'tenant', retryAfterSeconds: refused.decision.retryAfterSeconds };
    } catch (error) {
      this.logger.warn({ err: error, scope: 'caller' }, 'rate limiter unavailable; request allowed');
      return undefined;
    }
  }
}

/** What a refused client reads. */
export function rateLimitMessage(refusal: RateLimitRefusal): string {
  const who = refusal.scope === 'ip' ? 'this address' : refusal.scope === 'tenant' ? 'this tenant' : 'this caller';
  return `Too many requests from ${who}: retry in ${refusal.retryAfterSeconds} s.`;
}

/** The GraphQL error of a refusal, as every gateway answer carries it (HTTP 429 and `Retry-After` alongside). */
export function rateLimitError(refusal: RateLimitRefusal) {
  return {
    message: rateLimitMessage(refusal),
    extensions: { code: 'RATE_LIMITED', scope: refusal.scope, retryAfterSeconds: refusal.retryAfterSeconds },
  };
}
