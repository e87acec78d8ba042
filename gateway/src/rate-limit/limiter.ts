import { Redis } from 'ioredis';

/** The outcome of counting one request against a key's budget for the current window. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (for `Retry-After`); at least 1 when refused. */
  readonly retryAfterSeconds: number;
}

/** One key's budget: `limit` requests per window. */
export interface RateBudget {
  readonly key: string;
  readonly limit: number;
}

/** The first budget of a `hitInOrder` that refused the request: its index in the list, and the decision. */
export interface RateRefusal {
  readonly index: number;
  readonly decision: RateDecision;
}

/** Fixed-window counters: `limit` requests per key per `windowMs`. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /**
   * Counts one request against each budget in turn and stops at the first that refuses it: that one is counted,
   * the budgets after it are not (a caller refused for its own budget does not use up its tenant's). Undefined when
   * every budget allowed it. With Redis, one round trip for the whole list (ADR 109).
   */
  hitInOrder(budgets: readonly RateBudget[], windowMs: number): Promise<RateRefusal | undefined>;
  close(): Promise<void>;
}

/** Above this many live keys, expired windows are swept before a new key is added: memory stays bounded. */
const MAX_KEYS_BEFORE_SWEEP = 50_000;

/** One process: counters in a Map. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const hit = (key: string, limit: number, windowMs: number): RateDecision => {
    const at = now();
    let window = windows.get(key);
    if (!window || window.resetAt <= at) {
      if (!window && windows.size >= MAX_KEYS_BEFORE_SWEEP) {
        for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
      }
      window = { count: 0, resetAt: at + windowMs };
      windows.set(key, window);
    }
    window.count += 1;
    return decision(window.count, limit, window.resetAt - at);
  };
  return {
    async hit(key, limit, windowMs) {
      return hit(key, limit, windowMs);
    },
    hitInOrder(budgets, windowMs) {
      return hitOneByOne(budgets, async (key, limit) => hit(key, limit, windowMs));
    },
    async close() {
      windows.clear();
    },
  };
}

/**
 * `hitInOrder` in one round trip: KEYS are the counters in order, ARGV[1] the window (ms), ARGV[1 + i] the limit of
 * KEYS[i]. Each counter as in `hit` (INCR, expiry set with the first hit); stops at the first over its limit and
 * answers its 1-based position and remaining time, or `{0, 0}` when every one allowed the request.
 */
const HIT_IN_ORDER_SCRIPT = `
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  redis.call('PEXPIRE', key, ARGV[1], 'NX')
  if count > tonumber(ARGV[i + 1]) then
    return {i, redis.call('PTTL', key)}
  end
end
return {0, 0}
`;

/**
 * Several gateway processes: one counter per key and window in Redis (INCR, expiry set with the first hit), under
 * `<prefix>ratelimit:`. If Redis fails, the request is allowed and the error logged by the caller: an outage of the
 * limiter must not take the API down with it. `hitInOrder` is one script over the keys of several budgets; where
 * Redis refuses it (EVAL not allowed, keys in different cluster slots) it counts them one by one.
 */
export function redisRateLimiter(redisUrl: string, keyPrefix: string): RateLimiter {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const redisKey = (key: string) => `${keyPrefix}ratelimit:${key}`;
  const hit = async (key: string, limit: number, windowMs: number): Promise<RateDecision> => {
    const counter = redisKey(key);
    const result = await redis.multi().incr(counter).pexpire(counter, windowMs, 'NX').pttl(counter).exec();
    const count = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[2]?.[1] ?? windowMs);
    return decision(count, limit, ttl > 0 ? ttl : windowMs);
  };
  const hitInOneTrip = async (budgets: readonly RateBudget[], windowMs: number): Promise<RateRefusal | undefined> => {
    const keys = budgets.map((budget) => redisKey(budget.key));
    const limits = budgets.map((budget) => String(budget.limit));
    const [position, ttl] = (await redis.eval(HIT_IN_ORDER_SCRIPT, keys.length, ...keys, String(windowMs), ...limits)) as [
      number,
      number,
    ];
    if (position === 0) return undefined;
    return { index: position - 1, decision: { allowed: false, retryAfterSeconds: retryAfter(ttl > 0 ? ttl : windowMs) } };
  };
  return {
    hit,
    async hitInOrder(budgets, windowMs) {
      if (budgets.length === 0) return undefined;
      try {
        return await hitInOneTrip(budgets, windowMs);
      } catch (error) {
        // Redis answered but refused the script (an ACL without EVAL, a cluster's CROSSSLOT): count key by key, as
        // before ADR 109, rather than let the caller fail open. Anything else (Redis unreachable) goes to the caller.
        if (!(error instanceof Error && error.name === 'ReplyError')) throw error;
        return hitOneByOne(budgets, (key, limit) => hit(key, limit, windowMs));
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** `hitInOrder` one budget at a time: the first refusal stops the count. */
async function hitOneByOne(
  budgets: readonly RateBudget[],
  hit: (key: string, limit: number) => Promise<RateDecision>,
): Promise<RateRefusal | undefined> {
  for (const [index, { key, limit }] of budgets.entries()) {
    const outcome = await hit(key, limit);
    if (!outcome.allowed) return { index, decision: outcome };
  }
  return undefined;
}

function decision(count: number, limit: number, remainingMs: number): RateDecision {
  return { allowed: count <= limit, retryAfterSeconds: retryAfter(remainingMs) };
}

function retryAfter(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
