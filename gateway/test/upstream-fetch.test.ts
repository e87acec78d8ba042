/**
 * The gateway's own fetch for subgraph requests (upstream-fetch.ts, ADR 112): what it sends, what it hands back, and
 * how it fails — aborts, sockets closed mid-answer, refused connections, redirects — against a plain HTTP server.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { waitUntil } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamAgents } from '../src/upstream-agents.js';
import { fetchOverAgents, UpstreamAnswerTooLargeError } from '../src/upstream-fetch.js';

interface Seen {
  readonly method?: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const seen: Seen[] = [];
/** Requests whose server side closed before an answer was sent: the gateway let go of them. */
let closedUnanswered = 0;
const routes: Record<string, (response: ServerResponse) => void> = {
  '/json': (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}'),
  '/gzip': (response) =>
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"data":{"z":1}}')),
  '/status': (response) => response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway'),
  '/redirect': (response) => response.writeHead(307, { location: '/json' }).end(),
  '/cut': (response) => {
    // Headers and half an answer, then the socket goes away.
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    response.write('{"data":');
    setTimeout(() => response.socket?.destroy(), 20);
  },
  // 64 KiB of text, sent without a length in chunks, and 64 KiB that gzip shrinks to well under the cap below.
  '/large': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < 16; i += 1) response.write('x'.repeat(4096));
    response.end();
  },
  '/declared': (response) => response.writeHead(200, { 'content-length': String(1 << 20) }).write('{'),
  '/bomb': (response) =>
    response
      .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      .end(gzipSync(`{"data":{"z":"${'0'.repeat(65_536)}"}}`)),
  // Never answers: only an abort ends it.
  '/hang': () => undefined,
  // Answers when the test lets it (`release`), each request with its own count.
  '/held': (response) => {
    const number = (held.count += 1);
    void held.gate.then(() => response.writeHead(200, { 'content-type': 'application/json' }).end(`{"data":{"n":${number}}}`));
  },
};
const held = { count: 0, gate: Promise.resolve(), release: () => undefined as void };
function holdAnswers(): void {
  held.gate = new Promise<void>((resolve) => (held.release = resolve));
}

/** The `info` the runtime passes a subgraph call: its execution request says what kind of operation it is. */
const asQuery = { executionRequest: { operationType: 'query' } };
const asMutation = { executionRequest: { operationType: 'mutation' } };

let server: Server;
let origin: string;
const agents = createUpstreamAgents();
const fetch = fetchOverAgents(agents);

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.once('close', () => {
        if (!response.headersSent) closedUnanswered += 1;
      });
      routes[new URL(request.url ?? '/', 'http://upstream').pathname]?.(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agents.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the upstream fetch', () => {
  it('sends the method, headers and text body, with its length and the encodings it can read', async () => {
    const body = JSON.stringify({ query: '{ é }' });
    const response = await fetch(`${origin}/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-request-id': 'r-1' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ data: { ok: true } });
    const request = seen.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(body);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': 'r-1',
      'accept-encoding': 'gzip, deflate, br',
    });
  });

  it('hands a compressed answer over decoded', async () => {
    const response = await fetch(`${origin}/gzip`, { method: 'POST', headers: {}, body: '{}' });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.json()).toEqual({ data: { z: 1 } });
  });

  it('hands a non-2xx answer over as it came', async () => {
    const response = await fetch(`${origin}/status`, { method: 'POST', headers: {}, body: '{}' });
    expect([response.status, response.statusText, await response.text()]).toEqual([502, 'Bad Gateway', 'bad gateway']);
  });

  it('does not follow a redirect (the signed body would go wherever it points)', async () => {
    const before = seen.length;
    const response = await fetch(`${origin}/redirect`, { method: 'POST', headers: {}, body: '{}' });
    expect(response.status).toBe(307);
    expect(seen.length).toBe(before + 1);
  });

  it('rejects when the subgraph closes the connection before the answer is complete', async () => {
    await expect(fetch(`${origin}/cut`, { method: 'POST', headers: {}, body: '{}' })).rejects.toThrow(/aborted|socket hang up/);
  });

  it('rejects a refused connection with the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: {}, body: '{}' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('ends the upstream request when its signal aborts, rejecting with an AbortError carrying the reason', async () => {
    const controller = new AbortController();
    const closedBefore = closedUnanswered;
    const before = seen.length;
    const pending = fetch(`${origin}/hang`, { method: 'POST', headers: {}, body: '{}', signal: controller.signal });
    await waitUntil(() => seen.length > before);
    const reason = new Error('the client went away');
    controller.abort(reason);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', cause: reason });
    // The subgraph sees its request's connection close: the work is not left running for nobody.
    await waitUntil(() => closedUnanswered > closedBefore);
  });

  it('does not send a request whose signal has already aborted', async () => {
    const before = seen.length;
    const reason = new Error('gone before sending');
    await expect(
      fetch(`${origin}/json`, { method: 'POST', headers: {}, body: '{}', signal: AbortSignal.abort(reason) }),
    ).rejects.toMatchObject({ name: 'AbortError', cause: reason });
    expect(seen.length).toBe(before);
  });

  it('fails an answer past the cap, counted as it arrives, declared, or once inflated — and takes one at the cap', async () => {
    const capped = fetchOverAgents(agents, 16 * 1024);
    for (const path of ['/large', '/declared', '/bomb']) {
      await expect(capped(`${origin}${path}`, { method: 'POST', headers: {}, body: '{}' })).rejects.toBeInstanceOf(
        UpstreamAnswerTooLargeError,
      );
    }
    expect(gzipSync(`{"data":{"z":"${'0'.repeat(65_536)}"}}`).length).toBeLessThan(16 * 1024);
    const roomy = fetchOverAgents(agents, 64 * 1024);
    expect((await (await roomy(`${origin}/large`, { method: 'POST', headers: {}, body: '{}' })).text()).length).toBe(64 * 1024);
  });

  it('lets many calls wait on one signal and one client at once without a listener each, and ends them all', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const shared = new AbortController();
    const before = seen.length;
    let calls: Promise<unknown>[] = [];
    const front = createServer((_request, res) => {
      // Thirty parallel subgraph calls for one client, each also given the shared (executor-like) signal.
      calls = Array.from({ length: 30 }, () =>
        fetch(`${origin}/hang`, { method: 'POST', headers: {}, body: '{}', signal: shared.signal }, { res }).catch(
          (error: unknown) => error,
        ),
      );
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const client = request(`http://127.0.0.1:${(front.address() as AddressInfo).port}/`, { method: 'POST' });
      client.on('error', () => undefined);
      client.end('{}');
      await waitUntil(() => seen.length >= before + 30);
      const reason = new Error('executor disposed');
      shared.abort(reason);
      const outcomes = await Promise.all(calls);
      expect(outcomes.every((outcome) => (outcome as Error).name === 'AbortError')).toBe(true);
      expect(outcomes.map((outcome) => (outcome as Error).cause)).toEqual(Array(30).fill(reason));
      client.destroy();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('ends the upstream request when the client of the call leaves (its Node response closes unanswered)', async () => {
    const closedBefore = closedUnanswered;
    const before = seen.length;
    // A front server standing in for the gateway: it makes the subgraph call with its client's response as context.
    let upstream: Promise<unknown> | undefined;
    const front = createServer((_request, res) => {
      upstream = fetch(`${origin}/hang`, { method: 'POST', headers: {}, body: '{}' }, { res }).catch((error: unknown) => error);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const client = request(`http://127.0.0.1:${(front.address() as AddressInfo).port}/`, { method: 'POST' });
      client.on('error', () => undefined);
      client.end('{}');
      await waitUntil(() => seen.length > before);
      client.destroy();
      expect(await upstream).toMatchObject({ name: 'AbortError', cause: { message: expect.stringMatching(/client closed/) } });
      await waitUntil(() => closedUnanswered > closedBefore);
    } finally {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('leaves a stream body to the ponyfill fetch, over the same agents', async () => {
    const body = new Blob(['{"streamed":true}']).stream();
    const response = await fetch(`${origin}/json`, { method: 'POST', headers: {}, body });
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.body).toBe('{"streamed":true}');
  });

  it('shares one upstream call among identical queries in flight, each with a Response of its own', async () => {
    holdAnswers();
    const before = seen.length;
    const init = (requestId: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: '{"query":"{ n }","extensions":{"vigilIdentity":"caller-a"}}',
    });
    const calls = [fetch(`${origin}/held`, init('r-1'), {}, asQuery), fetch(`${origin}/held`, init('r-2'), {}, asQuery)];
    await waitUntil(() => seen.length > before);
    held.release();
    const [first, second] = await Promise.all(calls);
    expect(first).not.toBe(second);
    expect([await first!.json(), await second!.json()]).toEqual([{ data: { n: held.count } }, { data: { n: held.count } }]);
    expect(seen.length - before).toBe(1);
  });

  it('sends each of two identical mutations, calls that do not say what they are, and different bodies', async () => {
    const cases = [
      { name: 'mutations', info: [asMutation, asMutation], bodies: ['{"query":"mutation { n }"}', '{"query":"mutation { n }"}'] },
      { name: 'no info', info: [undefined, undefined], bodies: ['{"query":"{ n }"}', '{"query":"{ n }"}'] },
      // Another caller's signed identity is another body.
      { name: 'two callers', info: [asQuery, asQuery], bodies: ['{"query":"{ n }","x":"a"}', '{"query":"{ n }","x":"b"}'] },
    ];
    for (const { name, info, bodies } of cases) {
      holdAnswers();
      const before = seen.length;
      const calls = bodies.map((body, i) => fetch(`${origin}/held`, { method: 'POST', headers: {}, body }, {}, info[i]));
      await waitUntil(() => seen.length >= before + 2);
      held.release();
      const answers = await Promise.all(calls.map(async (call) => (await call).json()));
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size, name).toBe(2);
    }
  });

  it('ends a shared call for a caller who leaves, and the upstream request only when the last one has', async () => {
    const before = { seen: seen.length, closed: closedUnanswered };
    const callers = [new AbortController(), new AbortController()];
    const calls = callers.map((caller) =>
      fetch(`${origin}/hang`, { method: 'POST', headers: {}, body: '{"q":1}', signal: caller.signal }, {}, asQuery).catch(
        (error: unknown) => error,
      ),
    );
    await waitUntil(() => seen.length > before.seen);
    callers[0]!.abort(new Error('first left'));
    expect(await calls[0]).toMatchObject({ name: 'AbortError', cause: { message: 'first left' } });
    // The other caller still waits on the one upstream request.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedUnanswered).toBe(before.closed);
    callers[1]!.abort(new Error('second left'));
    expect(await calls[1]).toMatchObject({ name: 'AbortError', cause: { message: 'second left' } });
    await waitUntil(() => closedUnanswered > before.closed);
    expect(seen.length - before.seen).toBe(1);
  });
});
