import { waitUntil } from '@vigil/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { JWT_SECRET, token } from './fixtures/tokens.js';

const graph = useFixtureGraph();
let gateway: Gateway;

beforeAll(async () => {
  gateway = await graph.startGateway();
});

describe('gateway over HTTP', () => {
  it('answers a query across two subgraphs, with the caller identity reaching both', async () => {
    const { status, body } = await post(
      gateway.url,
      '{ alerts { id seenBy account { id displayName viewer } } accounts { id } }',
      { token: await token({ sub: 'agent-7' }) },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      alerts: [{ id: 'alert-0', seenBy: 'agent-7', account: { id: 'acc-1', displayName: 'Ada', viewer: 'agent-7' } }],
      accounts: [{ id: 'acc-1' }, { id: 'acc-2' }],
    });
  });

  it('forwards roles and tenants from the token to the subgraphs', async () => {
    const before = graph.accounts.seen.length;
    await post(gateway.url, '{ accounts { id } }', {
      token: await token({ sub: 'sup-1', roles: ['SUPERVISOR', 'NOT_A_ROLE'], tenants: ['acme'] }),
    });
    expect(graph.accounts.seen.slice(before)).toEqual([
      expect.objectContaining({ subject: 'sup-1', roles: ['SUPERVISOR'], tenantIds: ['acme'] }),
    ]);
  });

  it.each([
    ['missing', async () => undefined, /Missing token/],
    ['expired', async () => token({}, { expiresInSeconds: -60 }), /expired/],
    ['signed with another secret', async () => token({}, { secret: 'not-the-gateway-secret-0123456789abcdef' }), /Invalid token/],
    ['forged (payload changed after signing)', forgedToken, /Invalid token/],
    ['unsigned (alg none)', unsignedToken, /Invalid token/],
  ])('rejects a %s token with 401 UNAUTHENTICATED', async (_label, makeToken, message) => {
    const { status, body } = await post(gateway.url, '{ accounts { id } }', { token: await makeToken() });
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(message);
  });

  it('rejects a token without exp', async () => {
    const { SignJWT } = await import('jose');
    const noExp = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const { status, body } = await post(gateway.url, '{ accounts { id } }', { token: noExp });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an operation deeper than maxDepth before calling any subgraph', async () => {
    const before = graph.accounts.seen.length;
    const { body } = await post(gateway.url, '{ accounts(first: 1) { related { related { related { related { id } } } } } }', {
      token: await token(),
    });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 6, maxDepth: 5 });
    expect(body.errors?.[0]?.message).toMatch(/6 levels deep; the limit is 5/);
    expect(graph.accounts.seen.length).toBe(before);
  });

  it('rejects an operation costlier than maxCost, counting list sizes given as variables', async () => {
    const query = 'query Many($n: Int) { accounts(first: $n) { id displayName } }';
    const cheap = await post(gateway.url, query, { token: await token(), variables: { n: 2 } });
    expect(cheap.body.errors).toBeUndefined();
    const costly = await post(gateway.url, query, { token: await token(), variables: { n: 100 } });
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 201, maxCost: 200 });
  });

  it('refuses a body over 1 MiB with 413 before parsing it', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: `{ accounts { id } } #${'x'.repeat(1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('serves /healthz and /readyz without a token', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('lets a subgraph called directly, without the gateway signature, answer 401', async () => {
    const response = await fetch(graph.accounts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: '{ accounts { id } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('gateway over graphql-ws', () => {
  it('delivers a subscription whose entity field comes from the other subgraph, with identity reaching both', async () => {
    const agentToken = await token({ sub: 'wall-1', roles: ['SECURITY_ANALYST'] });
    const { client } = wsClient(gateway.url, agentToken);
    try {
      const events = client.iterate<{
        alertRaised: { id: string; severity: string; seenBy: string; account: { displayName: string; viewer: string } };
      }>({
        query: 'subscription { alertRaised { id severity seenBy account { displayName viewer } } }',
      });
      const first = events.next();
      await waitUntil(() => graph.alerts.raised.listenerCount('alert') > 0);
      const raised = await post(gateway.url, 'mutation { raiseAlert(accountId: "acc-2", severity: "HIGH") { id } }', {
        token: await token({ sub: 'detector' }),
      });
      expect(raised.body.errors).toBeUndefined();
      const { value } = await first;
      expect(value?.errors).toBeUndefined();
      expect(value?.data?.alertRaised).toMatchObject({
        severity: 'HIGH',
        seenBy: 'wall-1',
        account: { displayName: 'Grace', viewer: 'wall-1' },
      });
      await events.return?.();
    } finally {
      await client.dispose();
    }
  });

  it.each([
    ['missing', async () => undefined],
    ['expired', async () => token({}, { expiresInSeconds: -60 })],
    ['signed with another secret', async () => token({}, { secret: 'not-the-gateway-secret-0123456789abcdef' })],
    ['forged', forgedToken],
  ])('closes the connection with 4401 UNAUTHENTICATED for a %s token', async (_label, makeToken) => {
    const { client, closed } = wsClient(gateway.url, await makeToken());
    const { code, reason } = await closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/^UNAUTHENTICATED: /);
    await client.dispose();
  });

  it('closes the socket with 4401 when the token expires', async () => {
    const { client, closed } = wsClient(gateway.url, await token({}, { expiresInSeconds: 2 }));
    const events = client.iterate({ query: 'subscription { alertRaised { id } }' });
    const ended = events.next().catch((error: unknown) => error);
    await waitUntil(() => graph.alerts.raised.listenerCount('alert') > 0);
    const { code, reason } = await closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/Token expired/);
    await ended;
    // Closing the client socket ends the upstream subscription in the alerts subgraph too.
    await waitUntil(() => graph.alerts.raised.listenerCount('alert') === 0);
    await client.dispose();
  });
});

describe('gateway resilience', () => {
  it('answers partial data with an error when a subgraph is down, and keeps serving', async () => {
    const agent = await token();
    await graph.withAccountsDown(async () => {
      const { status, body } = await post(gateway.url, '{ alerts { id } accounts { id } }', { token: agent });
      expect(status).toBe(200);
      expect(body.data).toEqual({ alerts: [{ id: 'alert-0' }], accounts: null });
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(body.errors?.[0]?.path).toEqual(['accounts']);
      const again = await post(gateway.url, '{ alerts { id seenBy } }', { token: agent });
      expect(again.body.data).toEqual({ alerts: [{ id: 'alert-0', seenBy: 'agent-1' }] });
    });
    const recovered = await post(gateway.url, '{ accounts { id } }', { token: agent });
    expect(recovered.body.data).toEqual({ accounts: [{ id: 'acc-1' }, { id: 'acc-2' }] });
  });
});

async function forgedToken(): Promise<string> {
  const [header, payload, signature] = (await token({ roles: ['AGENT'] })).split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
  return `${header}.${raised}.${signature}`;
}

async function unsignedToken(): Promise<string> {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['ADMIN'], exp: Math.floor(Date.now() / 1000) + 600 })).toString(
    'base64url',
  );
  return `${header}.${payload}.`;
}
