import { gatewayKeys, generateGatewaySigningKey, loadConfig } from '@vigil/core';
import { freePort } from '@vigil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, GATEWAY_JWKS_PATH, gatewayOptionsFromConfig, type Gateway } from '../src/index.js';
import { post } from './fixtures/gateway-client.js';
import { startAccounts } from './fixtures/graph.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import type { FixtureSubgraph } from './fixtures/subgraph-server.js';
import { GATEWAY_KEYS, token } from './fixtures/tokens.js';
import { testGatewayOptions } from './fixtures/gateway-options.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function gatewayFor(url: string, port = 0, publishedKeys = [generateGatewaySigningKey('next-key').publicJwk]): Gateway {
  return createGateway(
    testGatewayOptions([{ name: 'accounts', url }], { port, publishedKeys, sdlFetch: { timeoutMs: 20_000, intervalMs: 100 } }),
  );
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
      createGateway(
        testGatewayOptions([{ name: 'accounts', url: `http://127.0.0.1:${await freePort()}/graphql` }], {
          port: gatewayPort,
          sdlFetch: { timeoutMs: 300, intervalMs: 100 },
        }),
      ).start(),
    ).rejects.toThrow(/did not return its SDL/);
    await expect(fetch(`http://127.0.0.1:${gatewayPort}/healthz`)).rejects.toThrow();
  });
});

describe('key rotation', () => {
  it('moves the gateway to a new key while the subgraph, which knows only the JWKS URL, keeps running', async () => {
    const port = await freePort();
    const jwksUrl = `http://127.0.0.1:${port}${GATEWAY_JWKS_PATH}`;
    const keyA = generateGatewaySigningKey('rotation-a');
    const keyB = generateGatewaySigningKey('rotation-b');
    // Started once for the whole test; fetches the JWKS lazily, again whenever a kid is new to it.
    const accounts = await startAccounts(gatewayKeys({ jwksUrl, minRefetchIntervalMs: 0 }));
    cleanups.push(() => accounts.stop());
    const gatewayWith = (signingKey: typeof keyA, published: (typeof keyA)['publicJwk'][]) =>
      createGateway(
        testGatewayOptions([{ name: 'accounts', url: accounts.url }], { port, signingKey, publishedKeys: published }),
      );
    const ask = async (gateway: Gateway) =>
      post(gateway.url, '{ account(id: "acc-1") { viewer } }', { token: await token({ sub: 'rotating' }) });

    const before = gatewayWith(keyA, []); // A signs; the subgraph fetches a JWKS that knows only A
    await before.start();
    expect((await ask(before)).body).toMatchObject({ data: { account: { viewer: 'rotating' } } });
    await before.stop();

    const after = gatewayWith(keyB, [keyA.publicJwk]); // B signs: a kid the subgraph has not seen, so it refetches
    cleanups.push(() => after.stop());
    await after.start();
    expect((await ask(after)).body).toMatchObject({ data: { account: { viewer: 'rotating' } } });
    expect(accounts.seen.at(-1)?.subject).toBe('rotating');
  });
});

describe('production configuration', () => {
  it('refuses to build a gateway without a private key, even when the config is otherwise valid', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(40),
      GATEWAY_JWKS_URL: 'http://gateway:4000/.well-known/vigil-gateway-jwks.json',
    });
    expect(() =>
      gatewayOptionsFromConfig(config, [{ name: 'accounts', url: 'http://accounts/graphql' }], memoryLogger()),
    ).toThrow(/GATEWAY_SIGNING_KEY is required/);
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
