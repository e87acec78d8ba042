/**
 * `hitInOrder`: the caller's budgets (subject, then tenants) counted in one go, in memory and in Redis (one round
 * trip, ADR 109), with the semantics the plugin had when it counted them one by one: the first budget that refuses
 * is counted and stops the rest, so a caller refused for its own budget does not use up its tenant's.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryRateLimiter, redisRateLimiter, type RateLimiter } from '../src/rate-limit/limiter.js';

const WINDOW_MS = 60_000;

const limiters: [string, () => RateLimiter][] = [['in memory', () => memoryRateLimiter()]];
if (process.env.REDIS_URL) {
  const redisUrl = process.env.REDIS_URL;
  limiters.push(['in Redis', () => redisRateLimiter(redisUrl, `test-in-order-${randomUUID()}:`)]);
}

describe.each(limiters)('hitInOrder %s', (_name, create) => {
  const limiter = create();
  afterAll(() => limiter.close());

  it('allows while every budget has room, counting each once', async () => {
    const budgets = [
      { key: 'subject:ada', limit: 2 },
      { key: 'tenant:t1', limit: 2 },
    ];
    expect(await limiter.hitInOrder(budgets, WINDOW_MS)).toBeUndefined();
    expect(await limiter.hitInOrder(budgets, WINDOW_MS)).toBeUndefined();
    const third = await limiter.hitInOrder(budgets, WINDOW_MS);
    expect(third?.index).toBe(0);
    expect(third?.decision.allowed).toBe(false);
    expect(third?.decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(third?.decision.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('stops at the first refusal: the budgets after it are not counted', async () => {
    const subject = { key: 'subject:grace', limit: 1 };
    const tenant = { key: 'tenant:t2', limit: 2 };
    expect(await limiter.hitInOrder([subject, tenant], WINDOW_MS)).toBeUndefined();
    // Refused for the subject three times: the tenant's second request is still free.
    for (let i = 0; i < 3; i += 1) expect((await limiter.hitInOrder([subject, tenant], WINDOW_MS))?.index).toBe(0);
    expect(await limiter.hitInOrder([{ key: 'subject:other', limit: 5 }, tenant], WINDOW_MS)).toBeUndefined();
    expect((await limiter.hitInOrder([{ key: 'subject:third', limit: 5 }, tenant], WINDOW_MS))?.index).toBe(1);
  });

  it('names the refusing budget by its place, past the first', async () => {
    const refused = await limiter.hitInOrder(
      [
        { key: 'subject:lin', limit: 5 },
        { key: 'tenant:t3', limit: 5 },
        { key: 'tenant:t4', limit: 0 },
        { key: 'tenant:t5', limit: 0 },
      ],
      WINDOW_MS,
    );
    expect(refused?.index).toBe(2);
    // t5 was not counted: with a limit of 1 it still has its one request.
    expect(await limiter.hitInOrder([{ key: 'tenant:t5', limit: 1 }], WINDOW_MS)).toBeUndefined();
  });

  it('allows an empty list', async () => {
    expect(await limiter.hitInOrder([], WINDOW_MS)).toBeUndefined();
  });
});

describe.skipIf(!process.env.REDIS_URL)('hitInOrder in Redis where the script is refused', () => {
  // A Redis user without EVAL (as a locked-down ACL might be): the budgets are counted one by one instead, with the
  // same answers, rather than failing (which the plugin would treat as "limiter down" and allow).
  const user = `vigil-test-no-eval-${randomUUID()}`;
  const admin = new Redis(process.env.REDIS_URL ?? '');
  let limiter: RateLimiter;
  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', user, 'on', 'nopass', '~*', '+@all', '-eval', '-evalsha');
    const url = new URL(process.env.REDIS_URL ?? '');
    url.username = user;
    url.password = 'unused';
    limiter = redisRateLimiter(url.href, `test-in-order-${randomUUID()}:`);
  });
  afterAll(async () => {
    await limiter.close();
    await admin.call('ACL', 'DELUSER', user);
    await admin.quit();
  });

  it('counts key by key, stopping at the first refusal', async () => {
    const subject = { key: 'subject:ada', limit: 1 };
    const tenant = { key: 'tenant:t1', limit: 2 };
    expect(await limiter.hitInOrder([subject, tenant], WINDOW_MS)).toBeUndefined();
    expect((await limiter.hitInOrder([subject, tenant], WINDOW_MS))?.index).toBe(0);
    expect(await limiter.hitInOrder([{ key: 'subject:grace', limit: 5 }, tenant], WINDOW_MS)).toBeUndefined();
    const refused = await limiter.hitInOrder([{ key: 'subject:lin', limit: 5 }, tenant], WINDOW_MS);
    expect(refused?.index).toBe(1);
    expect(refused?.decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});
