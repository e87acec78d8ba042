import 'reflect-metadata';
import { createClient } from 'graphql-ws';
import { Directive, Field, ID, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { metricSample } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Counter } from 'prom-client';
import {
  InMemoryPubSub,
  generateGatewaySigningKey,
  isAuthenticated,
  metricsAccessFromConfig,
  signedUpstreamBody,
  type SubgraphMetricsOptions,
  type SubgraphServer,
} from '@vigil/core';
import { agent, post, probeServer } from './probe-server.js';

const KEY = generateGatewaySigningKey('metrics-test');
const SECRET = { key: KEY, audience: 'probe' };
const TOKEN = 'scraper-token-0123456789';

@ObjectType()
@Directive('@key(fields: "id")')
class Tick {
  @Field(() => ID) id!: string;
  @Field() n!: number;
}

@Resolver()
class ProbeResolver {
  @Query(() => String)
  hello(): string {
    return 'hi';
  }

  @Subscription(() => Tick, { topics: 'TICK' })
  ticked(@Root() tick: Tick): Tick {
    return tick;
  }
}

async function startProbe(
  metrics: SubgraphMetricsOptions | undefined,
  pubsub: InMemoryPubSub,
): Promise<[SubgraphServer, string]> {
  const server = await probeServer(KEY, {
    name: 'probe',
    resolvers: [new ProbeResolver()],
    permissions: {
      Query: { hello: isAuthenticated },
      Subscription: { ticked: isAuthenticated },
      Tick: { id: isAuthenticated, n: isAuthenticated },
    },
    referenceResolvers: { Tick: (reference) => ({ id: reference.id, n: 0 }) },
    pubsub,
    ...(metrics ? { metrics } : {}),
  });
  const { url } = await server.start(0);
  return [server, url.replace('/graphql', '/metrics')];
}

async function scrape(url: string, token = TOKEN): Promise<string> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('subgraph /metrics', () => {
  const pubsub = new InMemoryPubSub();
  let server: SubgraphServer;
  let metricsUrl: string;
  let graphqlUrl: string;

  beforeAll(async () => {
    const register: SubgraphMetricsOptions['register'] = (registry) => {
      new Counter({
        name: 'probe_domain_total',
        help: 'A domain collector registered by the subgraph.',
        registers: [registry],
      }).inc(3);
    };
    [server, metricsUrl] = await startProbe({ token: TOKEN, open: false, register }, pubsub);
    graphqlUrl = metricsUrl.replace('/metrics', '/graphql');
  });

  afterAll(async () => {
    await server.stop();
    await pubsub.close();
  });

  it('refuses a scrape without the token, with a wrong one, and other methods', async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN.replace('0', 'x')}` } })).status).toBe(401);
    expect((await fetch(metricsUrl, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });

  it('counts operations by name, latency and errors by code; serves the domain collectors', async () => {
    const before = await scrape(metricsUrl);
    const ok = await post(
      graphqlUrl,
      signedUpstreamBody(agent, { query: 'query Hello { hello }', operationName: 'Hello' }, SECRET),
    );
    expect(ok.status).toBe(200);
    const invalid = await post(graphqlUrl, signedUpstreamBody(agent, { query: '{ nope }' }, SECRET));
    expect(invalid.status).toBe(400);
    const after = await scrape(metricsUrl);
    const ops = 'vigil_subgraph_operations_total{operation="Hello",type="query",subgraph="probe"}';
    expect(metricSample(after, ops)).toBe((metricSample(before, ops) ?? 0) + 1);
    const count = 'vigil_subgraph_operation_duration_seconds_count{subgraph="probe",operation="Hello"}';
    expect(metricSample(after, count)).toBe((metricSample(before, count) ?? 0) + 1);
    const errors = 'vigil_subgraph_errors_total{code="GRAPHQL_VALIDATION_FAILED",subgraph="probe"}';
    expect(metricSample(after, errors)).toBe((metricSample(before, errors) ?? 0) + 1);
    expect(metricSample(after, 'probe_domain_total{subgraph="probe"}')).toBe(3);
    expect(after).toContain('vigil_subgraph_process_cpu_seconds_total');
  });

  it('keeps the open-subscriptions gauge while a subscription streams', async () => {
    const gauge = 'vigil_subgraph_open_subscriptions{subgraph="probe"}';
    expect(metricSample(await scrape(metricsUrl), gauge)).toBe(0);
    const client = createClient({
      url: graphqlUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    const iterator = client.iterate(signedUpstreamBody(agent, { query: 'subscription Ticks { ticked { id n } }' }, SECRET));
    const first = iterator.next();
    const timer = setInterval(() => void pubsub.publish('TICK', { id: 't', n: 1 }), 20);
    await first;
    clearInterval(timer);
    expect(metricSample(await scrape(metricsUrl), gauge)).toBe(1);
    await iterator.return?.();
    await client.dispose();
    // The server sees the completion asynchronously: poll until the gauge is back down.
    for (let attempt = 0; attempt < 200 && metricSample(await scrape(metricsUrl), gauge) !== 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(metricSample(await scrape(metricsUrl), gauge)).toBe(0);
  });
});

describe('subgraph /metrics access', () => {
  it('is closed (404) without a metrics option, and in production without a token', async () => {
    const pubsub = new InMemoryPubSub();
    const [bare, bareUrl] = await startProbe(undefined, pubsub);
    const [production, productionUrl] = await startProbe(metricsAccessFromConfig({ NODE_ENV: 'production' }), pubsub);
    const [development, developmentUrl] = await startProbe(metricsAccessFromConfig({ NODE_ENV: 'development' }), pubsub);
    try {
      expect((await fetch(bareUrl)).status).toBe(404);
      expect((await fetch(productionUrl)).status).toBe(404);
      expect((await fetch(developmentUrl)).status).toBe(200);
    } finally {
      await Promise.all([bare.stop(), production.stop(), development.stop()]);
      await pubsub.close();
    }
  });
});
