import { Redis } from 'ioredis';

/** The outcome of counting one request against a key's budget for the current window. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (for `Retry-After`); at least 1 when refused. */
  readonly retryAfterSeconds: number;
}

/** Fixed-window counters: `limit` requests per key per `windowMs`. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Above this many live keys, expired windows are swept before a new key is added: memory stays bounded. */
const MAX_KEYS_BEFORE_SWEEP = 50_000;

/** One process: counters in a Map. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, limit, windowMs) {
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
    },
    async close() {
      windows.clear();
    },
  };
}

/**
 * Several gateway processes: one counter per key and window in Redis (INCR, expiry set with the first hit), under
 * `<prefix>ratelimit:`. If Redis fails, the request is allowed and the error logged by the caller: an outage of the
 * limiter must not take the API down with it.
 */
export function redisRateLimiter(redisUrl: string, keyPrefix: string): RateLimiter {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  return {
    async hit(key, limit, windowMs) {
      const redisKey = `${keyPrefix}ratelimit:${key}`;
      const result = await redis.multi().incr(redisKey).pexpire(redisKey, windowMs, 'NX').pttl(redisKey).exec();
      const count = Number(result?.[0]?.[1] ?? 0);
      const ttl = Number(result?.[2]?.[1] ?? windowMs);
      return decision(count, limit, ttl > 0 ? ttl : windowMs);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function decision(count: number, limit: number, remainingMs: number): RateDecision {
  return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
}
