/** The gateway's proxy for plain HTTP routes: who gets through, what reaches the subgraph, what comes back. */
import { createHash } from 'node:crypto';
import { UPSTREAM_IDENTITY_HEADER } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.js';
import { LINE, bearer, seen, useReportsGraph } from './fixtures/reports-subgraph.js';
import { testGatewayOptions } from './fixtures/gateway-options.js';
import { token } from './fixtures/tokens.js';

let base: string;
let subgraphOrigin: string;
useReportsGraph((started) => ({ base, subgraphOrigin } = started));

describe('gateway HTTP routes', () => {
  it.each([
    ['missing', async () => ({}), /Missing token/],
    ['expired', async () => ({ authorization: `Bearer ${await token({}, { expiresInSeconds: -60 })}` }), /expired/],
    [
      'signed with another secret',
      async () => ({ authorization: `Bearer ${await token({}, { secret: 'not-the-gateway-secret-0123456789abcdef' })}` }),
      /Invalid token/,
    ],
  ])('answers 401 UNAUTHENTICATED for a %s token without calling the subgraph', async (_label, headers, message) => {
    const before = seen.calls;
    const response = await fetch(`${base}/reports/lines?tenantId=demo`, { headers: await headers() });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]!.message).toMatch(message);
    expect(seen.calls).toBe(before);
  });

  it('streams an upload to the subgraph with the caller identity, the content type and a request id, and nothing else', async () => {
    const body = Buffer.from(Array.from({ length: 5000 }, (_, index) => `{"n":${index}}\n`).join(''));
    const response = await fetch(`${base}/reports/uploads?tenantId=demo`, {
      method: 'POST',
      headers: {
        ...(await bearer()),
        'content-type': 'application/x-ndjson',
        cookie: 'session=abc',
        'x-forwarded-for': '10.0.0.1',
        'x-request-id': 'ship-42',
      },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('ship-42');
    expect(await response.json()).toEqual({ bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    const upload = seen.uploads.at(-1)!;
    expect(upload).toMatchObject({ subject: 'shipper-1', roles: ['INGEST'], tenants: ['demo'], requestId: 'ship-42' });
    expect(upload.headers['content-type']).toBe('application/x-ndjson');
    expect(upload.headers.authorization).toBeUndefined();
    expect(upload.headers.cookie).toBeUndefined();
    expect(upload.headers['x-forwarded-for']).toBeUndefined();
    expect(upload.headers[UPSTREAM_IDENTITY_HEADER]).toEqual(expect.any(String));
  });

  it('gives a request without an acceptable request id a fresh one, the same on both sides', async () => {
    const response = await fetch(`${base}/reports/uploads`, {
      method: 'POST',
      headers: { ...(await bearer()), 'x-request-id': 'bad id with spaces' },
      body: 'x',
    });
    expect(response.status).toBe(201);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.uploads.at(-1)!.requestId).toBe(requestId);
  });

  it('passes the subgraph status, content type and disposition back, not its other headers', async () => {
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=3`, { headers: await bearer() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="lines.ndjson"');
    expect(response.headers.get('x-internal')).toBeNull();
    expect(await response.text()).toBe(LINE.repeat(3));
    const forbidden = await fetch(`${base}/reports/lines?tenantId=other`, { headers: await bearer() });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('answers 404 for a path no subgraph declared, and 405 for a method routes do not take', async () => {
    expect((await fetch(`${base}/reports/unknown`, { headers: await bearer() })).status).toBe(404);
    expect((await fetch(`${base}/reports/lines/`, { headers: await bearer() })).status).toBe(404);
    const put = await fetch(`${base}/reports/uploads`, { method: 'PUT', headers: await bearer(), body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('binds the signature to the path: replayed on another path or query at the subgraph, it gets 401', async () => {
    await fetch(`${base}/reports/uploads?tenantId=demo`, { method: 'POST', headers: await bearer(), body: 'x' });
    const captured = seen.uploads.at(-1)!.headers[UPSTREAM_IDENTITY_HEADER] as string;
    const replay = (path: string, method = 'POST') =>
      fetch(`${subgraphOrigin}${path}`, {
        method,
        headers: { [UPSTREAM_IDENTITY_HEADER]: captured },
        ...(method === 'POST' ? { body: 'x' } : {}),
      });
    expect((await replay('/reports/lines?tenantId=demo', 'GET')).status).toBe(401);
    expect((await replay('/reports/uploads?tenantId=other')).status).toBe(401);
    // The same request again is accepted (within the 60 s window): the 401s above are about the path, not the header.
    expect((await replay('/reports/uploads?tenantId=demo')).status).toBe(201);
  });

  it('keeps GraphQL on /graphql working beside the routes', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ reportOwner }' }),
    });
    expect(await response.json()).toEqual({ data: { reportOwner: 'shipper-1' } });
  });
});

describe('gateway HTTP route declarations', () => {
  it('refuses a path claimed by two subgraphs, or one the gateway serves itself', () => {
    expect(() =>
      createGateway(
        testGatewayOptions([
          { name: 'a', url: 'http://a/graphql', httpRoutes: ['/x'] },
          { name: 'b', url: 'http://b/graphql', httpRoutes: ['/x'] },
        ]),
      ),
    ).toThrow(/"\/x" is claimed by subgraphs "a" and "b"/);
    expect(() => createGateway(testGatewayOptions([{ name: 'a', url: 'http://a/graphql', httpRoutes: ['/readyz'] }]))).toThrow(
      /served by the gateway itself/,
    );
  });
});
