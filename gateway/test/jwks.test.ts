import { createServer } from 'node:net';
import { generateGatewaySigningKey } from '@vigil/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, GATEWAY_JWKS_PATH, type Gateway } from '../src/index.js';
import { startAccounts } from './fixtures/graph.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import type { FixtureSubgraph } from './fixtures/subgraph-server.js';
import { GATEWAY_KEYS, JWT_SECRET, SIGNING_KEY } from './fixtures/tokens.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function gatewayFor(url: string, port = 0, publishedKeys = [generateGatewaySigningKey('next-key').publicJwk]): Gateway {
  return createGateway({
    subgraphs: [{ name: 'accounts', url }],
    port,
    host: '127.0.0.1',
    jwt: { secret: JWT_SECRET },
    signingKey: SIGNING_KEY,
    publishedKeys,
    limits: { maxDepth: 10, maxCost: 1000 },
    logger: memoryLogger(),
    sdlFetch: { timeoutMs: 20_000, intervalMs: 100 },
  });
}

describe('the gateway JWKS', () => {
  it('is served before the supergraph is composed, while GraphQL and /readyz answer 503', async () => {
    const gatewayPort = await freePort();
    const accountsPort = await freePort();
    const gateway = gatewayFor(`http://127.0.0.1:${accountsPort}/graphql`, gatewayPort);
    const starting = gateway.start();
    cleanups.push(() => gateway.stop());
    const base = `http://127.0.0.1:${gatewayPort}`;
    const jwks = await waitFor(() => fetch(`${base}${GATEWAY_JWKS_PATH}`));
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('content-type')).toBe('application/jwk-set+json');
    const body = (await jwks.json()) as { keys: Array<Record<string, unknown>> };
    // The signing key's public half first, then the published next key; never a private member.
    expect(body.keys.map((key) => key.kid)).toEqual(['gateway-test', 'next-key']);
    expect(body.keys.every((key) => !('d' in key))).toBe(true);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    const early = await fetch(`${base}/graphql`, { method: 'POST', body: '{"query":"{ __typename }"}' });
    expect(early.status).toBe(503);
    expect(((await early.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'SERVICE_UNAVAILABLE',
    );

    const accounts: FixtureSubgraph = await startAccounts(GATEWAY_KEYS, accountsPort);
    cleanups.unshift(() => accounts.stop());
    await starting;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('closes its port again when composition fails', async () => {
    const gatewayPort = await freePort();
    await expect(
      createGateway({
        subgraphs: [{ name: 'accounts', url: `http://127.0.0.1:${await freePort()}/graphql` }],
        port: gatewayPort,
        host: '127.0.0.1',
        jwt: { secret: JWT_SECRET },
        signingKey: SIGNING_KEY,
        limits: { maxDepth: 10, maxCost: 1000 },
        logger: memoryLogger(),
        sdlFetch: { timeoutMs: 300, intervalMs: 100 },
      }).start(),
    ).rejects.toThrow(/did not return its SDL/);
    await expect(fetch(`http://127.0.0.1:${gatewayPort}/healthz`)).rejects.toThrow();
  });
});

async function waitFor(attempt: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
