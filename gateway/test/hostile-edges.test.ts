/**
 * The gateway's edges under abuse: a GraphQL body over the cap is refused while it streams (413 before the rest is
 * sent), one socket cannot hold more than its cap of subscriptions, and every documented LOG_LEVEL starts it.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();

/**
 * Streams a chunked POST of up to `totalBytes` and resolves with the status as soon as the answer arrives, and how
 * many bytes had been written by then. Writing waits for each chunk to drain, so the count is what was sent.
 */
function streamUntilAnswered(url: string, totalBytes: number): Promise<{ status: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sentBytes });
      req.destroy();
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeMore = () => {
      while (!answered && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', writeMore);
      }
      if (!answered) req.end();
    };
    req.write('{"query":"{ accounts { id } }","padding":"');
    writeMore();
  });
}

describe('GraphQL body cap while streaming', () => {
  it('answers 413 to a chunked 31 MB body long before it is all sent, and keeps serving', async () => {
    const gateway = await graph.startGateway();
    const total = 31 * 1024 * 1024;
    const { status, sentBytes } = await streamUntilAnswered(gateway.url, total);
    expect(status).toBe(413);
    expect(sentBytes).toBeLessThan(total / 2);
    const health = await fetch(gateway.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    const ok = await post(gateway.url, '{ accounts { id } }', { token: await token() });
    expect(ok.body.errors).toBeUndefined();
  });

  it('answers 413 at once to a declared Content-Length over the cap', async () => {
    const gateway = await graph.startGateway();
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(31 * 1024 * 1024) },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"query":"');
    });
    expect(answer).toBe(413);
  });

  it('still parses a body under the cap as sent (variables, non-ASCII, bad JSON)', async () => {
    const gateway = await graph.startGateway();
    const query = '# Ünïcode ☃\nquery ($b: Boolean!) { accounts @include(if: $b) { id } }';
    const included = await post(gateway.url, query, { token: await token(), variables: { b: true } });
    expect(included.body.errors).toBeUndefined();
    expect(included.body.data?.accounts).toHaveLength(2);
    const skipped = await post(gateway.url, query, { token: await token(), variables: { b: false } });
    expect(skipped.body.data).toEqual({});
    const badJson = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: '{"query": ',
    });
    expect(badJson.status).toBeGreaterThanOrEqual(400);
    expect(badJson.status).toBeLessThan(500);
  });
});

describe('subscriptions per socket', () => {
  it('refuses the operation past the cap with an error, keeps the socket and its other subscriptions', async () => {
    const gateway = await graph.startGateway({ maxSubscriptionsPerSocket: 3 });
    const { client } = wsClient(gateway.url, await token({ sub: 'wall-9' }));
    try {
      const live = [1, 2, 3].map(() => client.iterate({ query: 'subscription { alertRaised { id severity } }' }));
      const firsts = live.map((events) => events.next());
      for (const deadline = Date.now() + 10_000; graph.alerts.raised.listenerCount('alert') < 3 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(graph.alerts.raised.listenerCount('alert')).toBe(3);

      const fourth = client.iterate({ query: 'subscription { alertRaised { id } }' });
      const refused = await fourth.next().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(JSON.stringify(refused)).toMatch(/At most 3 operations/);
      expect(graph.alerts.raised.listenerCount('alert')).toBe(3);

      await post(gateway.url, 'mutation { raiseAlert(accountId: "acc-1", severity: "LOW") { id } }', { token: await token() });
      const delivered = await Promise.all(firsts);
      expect(delivered.map((result) => result.value?.data)).toEqual([
        expect.objectContaining({ alertRaised: expect.objectContaining({ severity: 'LOW' }) }),
        expect.objectContaining({ alertRaised: expect.objectContaining({ severity: 'LOW' }) }),
        expect.objectContaining({ alertRaised: expect.objectContaining({ severity: 'LOW' }) }),
      ]);

      // Completing one frees a place for another.
      await live[0]!.return?.();
      const again = client.iterate({ query: 'subscription { alertRaised { id } }' });
      const next = again.next();
      for (const deadline = Date.now() + 10_000; graph.alerts.raised.listenerCount('alert') < 3 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(graph.alerts.raised.listenerCount('alert')).toBe(3);
      await again.return?.();
      void next.catch(() => undefined);
    } finally {
      await client.dispose();
    }
  });
});

describe('every documented LOG_LEVEL', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])(
    'starts and answers with LOG_LEVEL=%s',
    async (level) => {
      process.env.LOG_LEVEL = level;
      const gateway = await graph.startGateway();
      const answer = await post(gateway.url, '{ accounts { id } }', { token: await token() });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    },
  );
});
