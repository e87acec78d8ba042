import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  createLogger,
  createSubgraphServer,
  isAuthenticated,
  sendHttpError,
  sendJson,
  UPSTREAM_IDENTITY_HEADER,
  type SubgraphHttpRoute,
  type SubgraphServer,
} from '@vigil/core';
import { Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/index.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import { GATEWAY_KEYS, JWT_SECRET, SIGNING_KEY, token } from './fixtures/tokens.js';

// The gateway's proxy for plain HTTP routes, in front of the real @vigil/core subgraph factory: what the gateway
// signs is exactly what the factory verifies, and bodies stream both ways.

@ObjectType()
@Directive('@key(fields: "id")')
class Report {
  @Field(() => ID) id!: string;
}

@Resolver()
class ReportResolver {
  @Query(() => String)
  reportOwner(@Ctx() context: SubgraphContext): string {
    return context.identity.subject;
  }
}

const LINE = `${'x'.repeat(99)}\n`;
const MAX_BODY = 1024 * 1024;

/** What the subgraph's routes saw, for assertions. */
const seen = {
  uploads: [] as {
    headers: Record<string, string | string[] | undefined>;
    sha256: string;
    bytes: number;
    subject: string;
    roles: readonly string[];
    tenants: readonly string[];
    requestId: string;
  }[],
  calls: 0,
  stream: { produced: 0, closedEarly: false },
  releaseFirstLine: () => undefined as void,
};

/** Writes `count` lines with backpressure; with `hold=1`, stops after the first line until the test releases it. */
async function writeLines(response: ServerResponse, count: number, hold: boolean): Promise<void> {
  seen.stream = { produced: 0, closedEarly: false };
  response.once('close', () => {
    if (!response.writableFinished) seen.stream.closedEarly = true;
  });
  response.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-disposition': 'attachment; filename="lines.ndjson"',
    'x-internal': 'secret-topology',
  });
  for (let index = 0; index < count; index += 1) {
    if (response.destroyed) return;
    seen.stream.produced += LINE.length;
    const ok = response.write(LINE);
    if (index === 0 && hold) await new Promise<void>((resolve) => (seen.releaseFirstLine = resolve));
    if (!ok)
      await new Promise<void>((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
  }
  response.end();
}

const routes: SubgraphHttpRoute[] = [
  {
    method: 'POST',
    path: '/reports/uploads',
    async handle(request, response, { identity, requestId }) {
      seen.calls += 1;
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of request) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      const upload = {
        headers: { ...request.headers },
        sha256: hash.digest('hex'),
        bytes,
        subject: identity.subject,
        roles: identity.roles,
        tenants: identity.tenantIds,
        requestId,
      };
      seen.uploads.push(upload);
      sendJson(response, 201, { bytes, sha256: upload.sha256 });
    },
  },
  {
    method: 'GET',
    path: '/reports/lines',
    async handle(request, response, { identity }) {
      seen.calls += 1;
      const url = new URL(request.url ?? '/', 'http://reports');
      if (!identity.tenantIds.includes(url.searchParams.get('tenantId') ?? ''))
        return sendHttpError(response, 403, 'FORBIDDEN', 'Not your tenant.');
      await writeLines(response, Number(url.searchParams.get('count') ?? 1), url.searchParams.get('hold') === '1');
    },
  },
];

let subgraph: SubgraphServer;
let gateway: Gateway;
let base: string;
let subgraphOrigin: string;

beforeAll(async () => {
  subgraph = await createSubgraphServer({
    name: 'reports',
    logger: createLogger({ name: 'test', level: 'silent' }),
    gatewayKeys: GATEWAY_KEYS,
    resolvers: [new ReportResolver()],
    referenceResolvers: { Report: (reference) => ({ id: String(reference.id) }) },
    orphanedTypes: [Report],
    permissions: { Query: { reportOwner: isAuthenticated }, Report: { '*': isAuthenticated } },
    createLoaders: () => ({}),
    httpRoutes: routes,
  });
  const { url } = await subgraph.start(0);
  subgraphOrigin = new URL(url).origin;
  gateway = createGateway({
    subgraphs: [{ name: 'reports', url, httpRoutes: subgraph.httpPaths }],
    port: 0,
    host: '127.0.0.1',
    jwt: { secret: JWT_SECRET },
    signingKey: SIGNING_KEY,
    limits: { maxDepth: 10, maxCost: 1000 },
    logger: memoryLogger(),
    maxHttpRouteBodyBytes: MAX_BODY,
  });
  await gateway.start();
  base = new URL(gateway.url).origin;
});

afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
});

const bearer = async (claims: Parameters<typeof token>[0] = {}) => ({
  authorization: `Bearer ${await token({ sub: 'shipper-1', roles: ['INGEST'], tenants: ['demo'], ...claims })}`,
});

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

  it('delivers the first bytes of an answer before the subgraph has written the rest (no buffering)', async () => {
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=1000&hold=1`, { headers: await bearer() });
    const reader = response.body!.getReader();
    // The subgraph holds the other 999 lines until this first one reached the client through the gateway.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(LINE);
    seen.releaseFirstLine();
    let bytes = first.value!.byteLength;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    expect(bytes).toBe(LINE.length * 1000);
  });

  it('streams a 50 MB answer whole', async () => {
    const count = 500_000;
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=${count}`, { headers: await bearer() });
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) newlines += 1;
    }
    expect(bytes).toBe(LINE.length * count);
    expect(newlines).toBe(count);
  });

  it('holds the subgraph back while the client does not read, and stops it when the client leaves', async () => {
    const count = 2_000_000; // 200 MB if it were all produced
    const response = await fetch(`${base}/reports/lines?tenantId=demo&count=${count}`, { headers: await bearer() });
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Only socket and stream buffers on two hops fill up; a gateway that buffered would let the subgraph run on.
    expect(seen.stream.produced).toBeLessThan(32 * 1024 * 1024);
    await reader.cancel();
    await waitFor(() => seen.stream.closedEarly);
    expect(seen.stream.produced).toBeLessThan(count * LINE.length);
  });

  it('refuses a body declared larger than the cap with 413 without calling the subgraph', async () => {
    const before = seen.calls;
    const response = await fetch(`${base}/reports/uploads`, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/x-ndjson' },
      body: Buffer.alloc(MAX_BODY + 1, 120),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /larger than 1048576 bytes/,
    );
    expect(seen.calls).toBe(before);
  });

  it('refuses a chunked body that grows past the cap with 413, and the subgraph does not take it whole', async () => {
    const uploadsBefore = seen.uploads.length;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * MAX_BODY) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/reports/uploads`, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(seen.uploads.length).toBe(uploadsBefore);
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
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { ...(await bearer()), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ reportOwner }' }),
    });
    expect(await response.json()).toEqual({ data: { reportOwner: 'shipper-1' } });
  });
});

describe('gateway HTTP routes when the subgraph is down', () => {
  it('answers 502 BAD_GATEWAY naming the subgraph, and keeps serving', async () => {
    const downstream = await createSubgraphServer({
      name: 'reports',
      logger: createLogger({ name: 'test', level: 'silent' }),
      gatewayKeys: GATEWAY_KEYS,
      resolvers: [new ReportResolver()],
      referenceResolvers: { Report: (reference) => ({ id: String(reference.id) }) },
      orphanedTypes: [Report],
      permissions: { Query: { reportOwner: isAuthenticated }, Report: { '*': isAuthenticated } },
      createLoaders: () => ({}),
      httpRoutes: routes,
    });
    const { url } = await downstream.start(0);
    const logger = memoryLogger();
    const lonely = createGateway({
      subgraphs: [{ name: 'reports', url, httpRoutes: downstream.httpPaths }],
      port: 0,
      host: '127.0.0.1',
      jwt: { secret: JWT_SECRET },
      signingKey: SIGNING_KEY,
      limits: { maxDepth: 5, maxCost: 100 },
      logger,
    });
    await lonely.start();
    try {
      await downstream.stop();
      const origin = new URL(lonely.url).origin;
      const response = await fetch(`${origin}/reports/lines?tenantId=demo`, { headers: await bearer() });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toEqual({
        message: 'The reports service did not answer; try again shortly.',
        extensions: { code: 'BAD_GATEWAY' },
      });
      expect(logger.lines.some((line) => line.message === 'HTTP route upstream failed')).toBe(true);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    } finally {
      await lonely.stop();
    }
  });
});

describe('gateway HTTP route declarations', () => {
  const base = {
    port: 0,
    jwt: { secret: JWT_SECRET },
    signingKey: SIGNING_KEY,
    limits: { maxDepth: 5, maxCost: 100 },
    logger: memoryLogger(),
  };
  it('refuses a path claimed by two subgraphs, or one the gateway serves itself', () => {
    expect(() =>
      createGateway({
        ...base,
        subgraphs: [
          { name: 'a', url: 'http://a/graphql', httpRoutes: ['/x'] },
          { name: 'b', url: 'http://b/graphql', httpRoutes: ['/x'] },
        ],
      }),
    ).toThrow(/"\/x" is claimed by subgraphs "a" and "b"/);
    expect(() =>
      createGateway({ ...base, subgraphs: [{ name: 'a', url: 'http://a/graphql', httpRoutes: ['/readyz'] }] }),
    ).toThrow(/served by the gateway itself/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
