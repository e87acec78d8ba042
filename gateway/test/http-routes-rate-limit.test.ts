/**
 * The proxied HTTP routes (NDJSON ingestion, exports) are under the same budgets as GraphQL: per client address
 * before the token is read, then per subject and per tenant. Before, they had none: one INGEST token could post, or
 * one reader pull exports, without any limit.
 */
import type { SubgraphServer } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway, GatewayOptions } from '../src/index.js';
import { bearer, startReportsGateway, startReportsSubgraph } from './fixtures/reports-subgraph.js';

let subgraph: SubgraphServer;
let subgraphUrl: string;
const gateways: Gateway[] = [];

beforeAll(async () => {
  subgraph = await startReportsSubgraph();
  subgraphUrl = (await subgraph.start(0)).url;
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await subgraph?.stop();
});

/** A gateway of its own per test, so each starts with fresh budgets. */
async function gatewayWith(rateLimits: GatewayOptions['rateLimits']): Promise<string> {
  const gateway = await startReportsGateway(subgraph, subgraphUrl, { rateLimits });
  gateways.push(gateway);
  return new URL(gateway.url).origin;
}

const get = async (base: string, headers: Record<string, string>) => {
  const response = await fetch(`${base}/reports/lines?tenantId=demo&count=1`, { headers });
  const body = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
};

describe('rate limits on the HTTP routes', () => {
  it('refuses a subject past its budget with 429, Retry-After and RATE_LIMITED; another subject still passes', async () => {
    const base = await gatewayWith({ perIp: 1000, perSubject: 3, perTenant: 1000 });
    const shipper = await bearer({ sub: 'shipper-busy' });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await get(base, shipper));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!;
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', scope: 'subject' } }] });
    expect((await get(base, await bearer({ sub: 'shipper-quiet' }))).status).toBe(200);
  });

  it('counts the client address before the token: garbage tokens past the budget get 429, not 401', async () => {
    const base = await gatewayWith({ perIp: 3, perSubject: 1000, perTenant: 1000 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(base, { authorization: 'Bearer garbage' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
