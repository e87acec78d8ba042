/**
 * OpenTelemetry: with OTEL_EXPORTER_OTLP_ENDPOINT set, one request through the gateway is one trace — the
 * gateway's operation span, a client span per subgraph call, and each @vigil/core subgraph's server span as their
 * child (W3C traceparent) — exported over OTLP/HTTP to an in-process collector. No token, variable value or
 * document text reaches the exporter.
 */
import 'reflect-metadata';
import { createLogger, createSubgraphServer, InMemoryPubSub, isAuthenticated, type SubgraphServer } from '@vigil/core';
import { Arg, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { OtlpCollector, type CollectedSpan } from './fixtures/otlp-collector.js';
import { startTestGateway } from './fixtures/gateway-options.js';
import { GATEWAY_KEYS, token } from './fixtures/tokens.js';

@ObjectType()
@Directive('@key(fields: "id")')
class Shift {
  @Field(() => ID) id!: string;
  @Field() note!: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
class Desk {
  @Field(() => ID) id!: string;
}

@Resolver()
class ShiftResolver {
  @Query(() => Shift)
  myShift(@Arg('note', () => String) note: string): Shift {
    return { id: 's-1', note: note.length > 0 ? 'noted' : 'none' };
  }
}

@Resolver()
class DeskResolver {
  @Query(() => Desk)
  myDesk(): Desk {
    return { id: 'd-7' };
  }
}

const CLIENT_TRACEPARENT = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
const collector = new OtlpCollector();
const pubsub = new InMemoryPubSub();
const subgraphs: SubgraphServer[] = [];
let gateway: Gateway;

async function startSubgraph(name: string, resolver: object, type: 'Shift' | 'Desk'): Promise<string> {
  const server = await createSubgraphServer({
    name,
    logger: createLogger({ name: 'test', level: 'silent' }),
    gatewayKeys: GATEWAY_KEYS,
    resolvers: [resolver],
    permissions: {
      Query: type === 'Shift' ? { myShift: isAuthenticated } : { myDesk: isAuthenticated },
      [type]: { '*': isAuthenticated },
    },
    referenceResolvers: { [type]: (reference) => ({ id: String(reference.id), note: '' }) },
    pubsub,
    createLoaders: () => ({}),
  });
  subgraphs.push(server);
  return (await server.start(0)).url;
}

beforeAll(async () => {
  // Read when the gateway and the subgraphs are created; a short batch delay so the test waits little.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await collector.start();
  process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
  const shifts = await startSubgraph('shifts', new ShiftResolver(), 'Shift');
  const desks = await startSubgraph('desks', new DeskResolver(), 'Desk');
  gateway = await startTestGateway([
    { name: 'shifts', url: shifts },
    { name: 'desks', url: desks },
  ]);
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((server) => server.stop()));
  await pubsub.close();
  await collector.stop();
  // Test files may share a process: later gateways must not export to a collector that is gone.
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_BSP_SCHEDULE_DELAY;
});

async function waitForSpans(done: (spans: CollectedSpan[]) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(collector.spans)) {
    if (Date.now() > deadline)
      throw new Error(
        `spans not exported in time: ${JSON.stringify(collector.spans.map((s) => [s.service, s.name, s.traceId.slice(0, 6), s.spanId.slice(0, 6), s.parentSpanId?.slice(0, 6)]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('traces across the gateway and subgraphs', () => {
  it('exports one trace per request: the operation, a span per subgraph call, and each subgraph continuing it', async () => {
    const canary = 'jordan.rivera@example.com';
    const bearer = await token();
    const response = await fetch(gateway.url, {
      method: 'POST',
      // A client's own traceparent is not trusted at the public edge: the gateway starts the trace.
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, traceparent: CLIENT_TRACEPARENT },
      body: JSON.stringify({
        query: 'query ShiftBoard($note: String!) { myShift(note: $note) { id note } myDesk { id } }',
        operationName: 'ShiftBoard',
        variables: { note: canary },
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { myShift: { id: 's-1', note: 'noted' }, myDesk: { id: 'd-7' } } });

    const isRoot = (span: CollectedSpan) => span.name === 'graphql query ShiftBoard';
    await waitForSpans((spans) => {
      const root = spans.find(isRoot);
      return root !== undefined && spans.filter((s) => s.traceId === root.traceId && s.service !== 'vigil-gateway').length >= 2;
    });
    const root = collector.spans.find(isRoot)!;
    const trace = collector.spans.filter((span) => span.traceId === root.traceId);
    expect(root).toMatchObject({ service: 'vigil-gateway', attributes: { 'graphql.operation.name': 'ShiftBoard' } });
    expect(root.parentSpanId || undefined).toBeUndefined();
    expect(root.traceId).not.toBe(CLIENT_TRACEPARENT.split('-')[1]);

    for (const subgraph of ['shifts', 'desks']) {
      const call = trace.find((span) => span.service === 'vigil-gateway' && span.name === `subgraph ${subgraph}`);
      expect(call?.parentSpanId).toBe(root.spanId);
      const served = trace.find((span) => span.service === `vigil-${subgraph}`);
      expect(served).toMatchObject({ name: `subgraph ${subgraph}`, parentSpanId: call!.spanId });
      expect(served?.attributes['graphql.operation.name']).toBe('ShiftBoard');
    }
    // Another request is another trace.
    expect(new Set(collector.spans.filter(isRoot).map((span) => span.traceId)).size).toBe(1);

    const exported = collector.rawBodies.join('\n');
    expect(exported).not.toContain(canary);
    expect(exported).not.toContain(bearer);
    expect(exported).not.toContain(bearer.split('.')[1]!);
    expect(exported).not.toContain('myShift(note');
    expect(exported).not.toContain('agent-1');
  });
});
