/**
 * GET /metrics: Prometheus text with operations and latency by name, subgraph calls, errors by code and open
 * subscriptions; closed unless opened (dev) or scraped with METRICS_TOKEN.
 */
import { waitUntil, metricSample } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { type Gateway, type GatewayOptions } from '../src/index.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();
const METRICS_TOKEN = 'scraper-token-0123456789';

function startGateway(metrics: GatewayOptions['metrics']): Promise<Gateway> {
  return graph.startGateway({ metrics });
}

const metricsUrl = (gateway: Gateway) => new URL('/metrics', gateway.url).href;

async function scrape(gateway: Gateway): Promise<string> {
  const response = await fetch(metricsUrl(gateway), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** Scrapes are heavier than a property read: poll every 100 ms. */
const waitFor = (check: () => Promise<boolean>) => waitUntil(check, 20_000, 100);

describe('/metrics', () => {
  it('counts operations by name, subgraph calls and latency, errors by code, open subscriptions', async () => {
    const gateway = await startGateway({ token: METRICS_TOKEN });
    const bearer = await token();
    expect((await post(gateway.url, 'query DashboardAlerts { alerts { id } }', { token: bearer })).status).toBe(200);
    await post(gateway.url, 'query Broken { alerts { nope } }', { token: bearer });

    const { client } = wsClient(gateway.url, bearer);
    const stopSubscription = client.subscribe(
      { query: 'subscription Live { alertRaised { id } }' },
      {
        next: () => undefined,
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await waitFor(async () => metricSample(await scrape(gateway), 'vigil_gateway_open_subscriptions') === 1);

    const text = await scrape(gateway);
    expect(metricSample(text, 'vigil_gateway_operations_total{operation="DashboardAlerts",type="query"}')).toBe(1);
    expect(metricSample(text, 'vigil_gateway_operation_duration_seconds_count{operation="DashboardAlerts"}')).toBe(1);
    expect(metricSample(text, 'vigil_gateway_subgraph_requests_total{subgraph="alerts"}')).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'vigil_gateway_subgraph_duration_seconds_count{subgraph="alerts"}')).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'vigil_gateway_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(text).toContain('# TYPE vigil_gateway_open_subscriptions gauge');

    stopSubscription();
    await client.dispose();
    await waitFor(async () => metricSample(await scrape(gateway), 'vigil_gateway_open_subscriptions') === 0);
  });

  it('refuses a scrape without the token (401), and is closed by default (404)', async () => {
    const guarded = await startGateway({ token: METRICS_TOKEN });
    expect((await fetch(metricsUrl(guarded))).status).toBe(401);
    expect((await fetch(metricsUrl(guarded), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const closed = await startGateway(undefined);
    expect((await fetch(metricsUrl(closed))).status).toBe(404);
    const open = await startGateway({ open: true });
    expect((await fetch(metricsUrl(open))).status).toBe(200);
  });
});
