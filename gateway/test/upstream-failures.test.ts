/**
 * What a client gets when the subgraph call fails on the wire, and what the subgraph sees when the client leaves,
 * through the whole gateway (upstream-fetch.ts, ADR 112). A relay in front of a real fixture subgraph forwards
 * every request (composition included) except those for `cut`, answered with half a body and a closed socket,
 * `huge`, answered with more bytes than the gateway takes from a subgraph, `hang`, never answered, and `slow`, held
 * until the test lets it through. The expected answers were recorded from the gateway before its upstream fetch
 * changed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitUntil } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { MAX_UPSTREAM_ANSWER_BYTES } from '../src/upstream-fetch.js';
import { post } from './fixtures/gateway-client.js';
import { startTestGateway } from './fixtures/gateway-options.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import { startFixtureSubgraph, type FixtureSubgraph } from './fixtures/subgraph-server.js';
import { GATEWAY_KEYS, token } from './fixtures/tokens.js';

let subgraph: FixtureSubgraph;
let relay: Server;
let gateway: Gateway;
const logger = memoryLogger();
/** `hang` requests the relay received, and how many of their connections the gateway then closed. */
const hanging = { received: 0, closed: 0 };
/** `slow` requests: how many arrived, how many the gateway closed unanswered, and the hold that keeps them. */
const slow = { received: 0, closed: 0, release: () => undefined as void, held: Promise.resolve() };
function holdSlow(): void {
  slow.held = new Promise<void>((resolve) => (slow.release = resolve));
}

beforeAll(async () => {
  subgraph = await startFixtureSubgraph({
    name: 'wire',
    typeDefs: 'type Query { ok: String, cut: String, hang: String, huge: String, slow: String }',
    resolvers: {
      Query: {
        ok: () => 'fine',
        cut: () => 'never sent',
        hang: () => 'never sent',
        huge: () => 'never sent',
        slow: () => 'late',
      },
    },
    gatewayKeys: GATEWAY_KEYS,
  });
  relay = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const query = String((JSON.parse(body) as { query?: unknown }).query);
      if (/\bcut\b/.test(query)) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        response.write('{"data":{"cut":');
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      if (/\bhuge\b/.test(query)) {
        // A valid answer a few bytes past the gateway's cap on a subgraph answer, in 1 MiB writes (no length).
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"data":{"huge":"');
        const mib = Buffer.alloc(1 << 20, 0x78);
        for (let i = 0; i < MAX_UPSTREAM_ANSWER_BYTES >> 20; i += 1) response.write(mib);
        response.end('"}}');
        return;
      }
      if (/\bhang\b/.test(query)) {
        hanging.received += 1;
        response.once('close', () => (hanging.closed += 1));
        return;
      }
      const forward = () =>
        fetch(subgraph.url, { method: 'POST', headers: request.headers as Record<string, string>, body }).then(async (answer) =>
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
        );
      if (/\bslow\b/.test(query)) {
        slow.received += 1;
        response.once('close', () => !response.writableFinished && (slow.closed += 1));
        // Forwarded once let through; a request the gateway has already let go of may fail on the way (ignored).
        void slow.held.then(forward).catch(() => undefined);
        return;
      }
      void fetch(subgraph.url, { method: 'POST', headers: request.headers as Record<string, string>, body }).then(
        async (answer) => response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
      );
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  gateway = await startTestGateway([{ name: 'wire', url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/graphql` }], {
    logger,
  });
});

afterAll(async () => {
  await gateway.stop();
  relay.closeAllConnections();
  await new Promise((resolve) => relay.close(resolve));
  await subgraph.stop();
});

describe('subgraph calls failing on the wire', () => {
  it('answers through the relay when nothing fails', async () => {
    expect(await post(gateway.url, '{ ok }', { token: await token() })).toEqual({ status: 200, body: { data: { ok: 'fine' } } });
  });

  it('answers a masked error at the field when the subgraph closes its connection mid-answer', async () => {
    const linesBefore = logger.lines.length;
    const answer = await post(gateway.url, '{ cut }', { token: await token() });
    // A subgraph failing is an error in the gateway's log.
    expect(logger.lines.slice(linesBefore).some((line) => line.level === 'error')).toBe(true);
    // As before the change (recorded from the base build): a masked error at the field, never the socket's text.
    expect(answer).toEqual({
      status: 500,
      body: { errors: [{ message: 'Unexpected error.', path: ['cut'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    });
  });

  it('answers the same masked error when a subgraph answer is past the cap', async () => {
    const answer = await post(gateway.url, '{ huge }', { token: await token() });
    expect(answer).toEqual({
      status: 500,
      body: { errors: [{ message: 'Unexpected error.', path: ['huge'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
    });
    // The gateway still answers the next call (the failed one's connection was let go, not left half-read).
    expect(await post(gateway.url, '{ ok }', { token: await token() })).toEqual({ status: 200, body: { data: { ok: 'fine' } } });
  });

  it('closes the upstream request when the client leaves', async () => {
    const leaving = new AbortController();
    const call = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: '{ hang }' }),
      signal: leaving.signal,
    }).catch((error: unknown) => error);
    await waitUntil(() => hanging.received === 1);
    const linesBefore = logger.lines.length;
    leaving.abort();
    await call;
    await waitUntil(() => hanging.closed === 1);
    // A client that leaves is no failure: the runtime's line for the ended call is debug, never an error to page on.
    await waitUntil(() =>
      logger.lines.slice(linesBefore).some((line) => /client closed its connection/.test(JSON.stringify(line))),
    );
    const after = logger.lines.slice(linesBefore).filter((line) => /client closed its connection/.test(JSON.stringify(line)));
    expect(after.map((line) => line.level)).toEqual(after.map(() => 'debug'));
  });

  it("lets a caller's identical request sharing the upstream call finish when another client leaves", async () => {
    holdSlow();
    const bearer = await token();
    const leaving = new AbortController();
    const send = (signal?: AbortSignal) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: '{ slow }' }),
        signal,
      });
    const leaver = send(leaving.signal).catch((error: unknown) => error);
    await waitUntil(() => slow.received === 1);
    // The same caller asks the same thing while the first call is in flight: one upstream call serves both.
    const stayer = send();
    // Give the second request time to reach the subgraph call (no event marks that from outside).
    await new Promise((resolve) => setTimeout(resolve, 200));
    leaving.abort();
    await leaver;
    slow.release();
    const answer = await stayer;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { slow: 'late' } });
    // Shared, nothing was closed; had the second request come too late to share, only the leaver's own call was.
    expect(slow.closed).toBe(slow.received - 1);
  });

  it('closes the shared upstream call once every client waiting on it has left', async () => {
    holdSlow();
    const bearer = await token();
    const clients = [new AbortController(), new AbortController()];
    const before = { received: slow.received, closed: slow.closed };
    const calls = clients.map((client) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: '{ slow }' }),
        signal: client.signal,
      }).catch((error: unknown) => error),
    );
    await waitUntil(() => slow.received > before.received);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const client of clients) client.abort();
    await Promise.all(calls);
    await waitUntil(() => slow.closed - before.closed === slow.received - before.received);
    slow.release();
  });
});
