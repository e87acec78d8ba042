/**
 * The gateway as a browser sees it: CORS only for allowlisted origins and never with credentials, CSRF prevention
 * for requests a page could send cross-site without a preflight, and no subscriptions over SSE/multipart HTTP
 * (graphql-ws is the one subscription transport, the one that ends streams at token expiry).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { type Gateway } from '../src/index.js';
import { token } from './fixtures/tokens.js';

const ALLOWED = 'https://wall.vigil.example';
const graph = useFixtureGraph();
let gateway: Gateway;
let bearer: string;

beforeAll(async () => {
  gateway = await graph.startGateway({ corsOrigins: [ALLOWED, 'https://other.vigil.example'] });
  bearer = `Bearer ${await token()}`;
});

const query = '{ alerts { id } }';

describe('CORS', () => {
  it('answers a preflight from an allowlisted origin with that origin, without credentials', async () => {
    const response = await fetch(gateway.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('sends no CORS headers to an origin outside the allowlist (no reflection)', async () => {
    for (const origin of ['https://evil.example', 'null', `${ALLOWED}.evil.example`]) {
      const preflight = await fetch(gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      const post = await fetch(gateway.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: bearer },
        body: JSON.stringify({ query }),
      });
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('CSRF prevention', () => {
  it('refuses a GET without the CSRF header with 403 CSRF_HEADER_REQUIRED', async () => {
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: bearer, accept: 'application/json' },
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('CSRF_HEADER_REQUIRED');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'TEXT/PLAIN;charset=utf-8'])(
    'refuses a %s POST without the CSRF header',
    async (contentType) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: bearer, accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('CSRF_HEADER_REQUIRED');
    },
  );

  it('runs a GET that carries the CSRF header, and a JSON POST', async () => {
    const get = await fetch(`${gateway.url}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: bearer, accept: 'application/json', 'x-graphql-csrf': '1' },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { alerts: unknown[] } }).data.alerts.length).toBeGreaterThan(0);
    const post = await fetch(gateway.url, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(post.status).toBe(200);
  });
});

describe('subscriptions over HTTP streaming', () => {
  it.each(['text/event-stream', 'multipart/mixed'])(
    'are refused for accept: %s with 406 STREAMING_NOT_SUPPORTED',
    async (accept) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { authorization: bearer, 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: 'subscription { alertRaised { id } }' }),
      });
      expect(response.status).toBe(406);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('STREAMING_NOT_SUPPORTED');
    },
  );
});
