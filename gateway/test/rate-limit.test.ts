/**
 * Rate limits per IP, subject and tenant: 429 with Retry-After and RATE_LIMITED past the budget, other callers
 * unaffected; with Redis, two gateways share one budget.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { type Gateway, type GatewayOptions } from '../src/index.js';
import { ClientAddresses } from '../src/client-address.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();

function startGateway(rateLimits: GatewayOptions['rateLimits']): Promise<Gateway> {
  return graph.startGateway({ rateLimits });
}

interface Answer {
  status: number;
  retryAfter: string | null;
  code: unknown;
}

async function ask(url: string, bearer: string | undefined, forwardedFor?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ query: '{ alerts { id } }' }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code };
}

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.code).toBe('RATE_LIMITED');
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
}

describe('rate limits in one process', () => {
  it('refuses a subject past its budget, and not another subject', async () => {
    const gateway = await startGateway({ perIp: 1000, perSubject: 3, perTenant: 1000 });
    const ada = await token({ sub: 'ada', tenants: ['t-ada'] });
    for (let i = 0; i < 3; i += 1) expect((await ask(gateway.url, ada)).status).toBe(200);
    expectRateLimited(await ask(gateway.url, ada));
    expect((await ask(gateway.url, await token({ sub: 'grace', tenants: ['t-grace'] }))).status).toBe(200);
  });

  it('counts operations the graph would refuse as invalid too, before validating them', async () => {
    const gateway = await startGateway({ perIp: 1000, perSubject: 2, perTenant: 1000 });
    const mallory = await token({ sub: 'mallory', tenants: ['t-mallory'] });
    const invalid = async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mallory}` },
        body: JSON.stringify({ query: '{ nope }' }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        code: body.errors?.[0]?.extensions?.code,
      };
    };
    expect((await invalid()).code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await invalid()).code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectRateLimited(await invalid());
  });

  it('refuses a tenant past its budget, whoever calls', async () => {
    const gateway = await startGateway({ perIp: 1000, perSubject: 1000, perTenant: 2 });
    expect((await ask(gateway.url, await token({ sub: 'a', tenants: ['busy'] }))).status).toBe(200);
    expect((await ask(gateway.url, await token({ sub: 'b', tenants: ['busy'] }))).status).toBe(200);
    expectRateLimited(await ask(gateway.url, await token({ sub: 'c', tenants: ['busy'] })));
    expect((await ask(gateway.url, await token({ sub: 'c', tenants: ['quiet'] }))).status).toBe(200);
  });

  it('refuses an IP past its budget before reading the token (anonymous floods included)', async () => {
    const gateway = await startGateway({ perIp: 5, perSubject: 1000, perTenant: 1000 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => ask(gateway.url, undefined)));
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
    expectRateLimited(answers.find((a) => a.status === 429)!);
  });
});

describe('the client address behind a proxy', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a client cannot pick a fresh budget', async () => {
    const gateway = await startGateway({ perIp: 3, perSubject: 1000, perTenant: 1000 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await ask(gateway.url, undefined, `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('behind a trusted proxy, counts each client apart (the right-most untrusted X-Forwarded-For entry)', async () => {
    const gateway = await graph.startGateway({
      rateLimits: { perIp: 3, perSubject: 1000, perTenant: 1000 },
      clientAddresses: ClientAddresses.trusting(['127.0.0.1', '::1']),
    });
    const statuses = async (forwardedFor: string, count: number) => {
      const seen = [];
      for (let i = 0; i < count; i += 1) seen.push((await ask(gateway.url, undefined, forwardedFor)).status);
      return seen;
    };
    expect(await statuses('203.0.113.1', 4)).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy keeps its own budget; one that prepends a fake address does not escape.
    expect(await statuses('203.0.113.2', 3)).toEqual([401, 401, 401]);
    expect(await statuses('198.51.100.99, 203.0.113.1', 1)).toEqual([429]);
  });
});

describe.skipIf(!process.env.REDIS_URL)('rate limits shared through Redis', () => {
  it('two gateways count one budget per subject', async () => {
    const shared = {
      perIp: 1000,
      perSubject: 4,
      perTenant: 1000,
      redisUrl: process.env.REDIS_URL,
      redisKeyPrefix: `test-${randomUUID()}:`,
    };
    const first = await startGateway(shared);
    const second = await startGateway(shared);
    const ada = await token({ sub: `ada-${randomUUID()}` });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await ask((i % 2 === 0 ? first : second).url, ada)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expectRateLimited(await ask(first.url, ada));
    expectRateLimited(await ask(second.url, ada));
  });
});
