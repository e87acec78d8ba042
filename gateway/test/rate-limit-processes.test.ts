/**
 * Rate limits shared through Redis by two real gateway processes (`node gateway/dist/main.js`, configured by
 * environment only): a burst from one subject split across both is limited by one budget — 429, Retry-After,
 * RATE_LIMITED — whichever process answers. Keys under a fresh `ops2-…:` prefix so parallel runs never meet.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { startGatewayProcess, type GatewayProcess } from './fixtures/gateway-process.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();
const BUDGET = 6;

interface Answer {
  gateway: number;
  status: number;
  retryAfter: string | null;
  code: unknown;
}

async function ask(url: string, gateway: number, bearer: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: '{ alerts { id } }' }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return {
    gateway,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions?.code,
  };
}

describe.skipIf(!process.env.REDIS_URL)('rate limits across two gateway processes sharing Redis', () => {
  const processes: GatewayProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop()));
  });

  it('limits a burst split across both processes by the one shared budget', async () => {
    const env = {
      REDIS_URL: process.env.REDIS_URL!,
      REDIS_KEY_PREFIX: `ops2-${randomUUID()}:`,
      GATEWAY_RATE_LIMIT_PER_SUBJECT: String(BUDGET),
      GATEWAY_RATE_LIMIT_PER_IP: '100000',
      GATEWAY_RATE_LIMIT_PER_TENANT: '100000',
    };
    const gateways = await Promise.all([
      startGatewayProcess(graph.endpoints(), env),
      startGatewayProcess(graph.endpoints(), env),
    ]);
    processes.push(...gateways);
    const bearer = await token({ sub: `burst-${randomUUID()}`, tenants: ['t-burst'] });

    // Four times the budget at once, alternating between the processes.
    const answers = await Promise.all(Array.from({ length: BUDGET * 4 }, (_, i) => ask(gateways[i % 2]!.url, i % 2, bearer)));
    const allowed = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(allowed).toHaveLength(BUDGET);
    expect(refused).toHaveLength(BUDGET * 3);
    for (const answer of refused) {
      expect(answer.code).toBe('RATE_LIMITED');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }
    // Each process refused some: neither kept a budget of its own.
    expect(new Set(refused.map((answer) => answer.gateway))).toEqual(new Set([0, 1]));

    // Another subject is not touched by that budget, on either process.
    const other = await token({ sub: `calm-${randomUUID()}`, tenants: ['t-calm'] });
    expect((await ask(gateways[0]!.url, 0, other)).status).toBe(200);
    expect((await ask(gateways[1]!.url, 1, other)).status).toBe(200);
  }, 120_000);
});
