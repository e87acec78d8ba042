/**
 * GraphiQL on GET /graphql: served with its assets inlined (no CDN) when `ide` is set — what GATEWAY_IDE gives in
 * development, with a dev token prefilled — and absent otherwise (production default): a browser's GET gets 406.
 */
import { loadConfig } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { gatewayOptionsFromConfig, type Gateway } from '../src/index.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import { JWT_SECRET, SIGNING_KEY } from './fixtures/tokens.js';

const graph = useFixtureGraph();
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A gateway configured from the environment as `npm start` does, on fixture subgraphs. */
async function gatewayFromEnv(env: Record<string, string>): Promise<Gateway> {
  // A production config needs a signing key; the fixture subgraphs trust SIGNING_KEY, set below.
  const privateJwk = { ...SIGNING_KEY.privateKey.export({ format: 'jwk' }), kid: SIGNING_KEY.kid };
  const config = loadConfig({ JWT_SECRET, GATEWAY_SIGNING_KEY: JSON.stringify(privateJwk), ...env });
  const options = gatewayOptionsFromConfig(config, graph.endpoints(), memoryLogger());
  return graph.startGateway({ ...options, port: 0, host: '127.0.0.1', signingKey: SIGNING_KEY });
}

describe('the IDE', () => {
  it('is served offline in development, with a dev token that the gateway accepts', async () => {
    const gateway = await gatewayFromEnv({ NODE_ENV: 'development' });
    const response = await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Vigil GraphiQL');
    expect(html).toContain('renderYogaGraphiQL');
    // Offline: nothing is loaded from another host (no <script src>, <link href> or worker URL outside the page).
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    expect(html).not.toContain('unpkg.com');
    const prefilled = /Bearer ([A-Za-z0-9_.-]+)/.exec(html)?.[1];
    expect(prefilled).toBeDefined();
    const answer = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${prefilled}` },
      body: JSON.stringify({ query: '{ alerts { id } }' }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
  });

  it('is off by default in production: a browser GET gets 406 and no page', async () => {
    const gateway = await gatewayFromEnv({ NODE_ENV: 'production' });
    const response = await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(406);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('IDE_DISABLED');
  });

  it('can be switched on in production, without a prefilled token', async () => {
    const gateway = await gatewayFromEnv({ NODE_ENV: 'production', GATEWAY_IDE: 'true' });
    const response = await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain('Bearer ');
  });

  it('can be switched off in development', async () => {
    const gateway = await gatewayFromEnv({ NODE_ENV: 'development', GATEWAY_IDE: 'false' });
    expect((await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT } })).status).toBe(406);
  });
});
