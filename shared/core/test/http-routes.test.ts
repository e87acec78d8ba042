import 'reflect-metadata';
import { Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHttpRoutes,
  generateGatewaySigningKey,
  type GatewaySigningKey,
  isAuthenticated,
  sendJson,
  signHttpRouteRequest,
  UPSTREAM_IDENTITY_HEADER,
  type Identity,
  type SubgraphContext,
  type SubgraphHttpRoute,
  type SubgraphServer,
} from '@vigil/core';
import { agent, probeServer } from './probe-server.js';

const KEY = generateGatewaySigningKey('http-routes-test');

// The factory needs a schema; an entity gives it the _entities field its shield map names.
@ObjectType()
@Directive('@key(fields: "id")')
class Desk {
  @Field(() => ID) id!: string;
}

@Resolver()
class DeskResolver {
  @Query(() => String)
  whoami(@Ctx() context: SubgraphContext): string {
    return context.identity.subject;
  }
}

/** Echoes what the handler was given, and counts the body it streamed. */
const echo: SubgraphHttpRoute = {
  method: 'POST',
  path: '/desk/upload',
  async handle(request, response, context) {
    let bytes = 0;
    for await (const chunk of request) bytes += (chunk as Buffer).length;
    sendJson(response, 200, {
      subject: context.identity.subject,
      tenants: context.identity.tenantIds,
      requestId: context.requestId,
      bytes,
    });
  },
};
const report: SubgraphHttpRoute = {
  method: 'GET',
  path: '/desk/report',
  async handle(request, response, context) {
    sendJson(response, 200, { subject: context.identity.subject, url: request.url });
  },
};
const broken: SubgraphHttpRoute = {
  method: 'GET',
  path: '/desk/broken',
  async handle() {
    throw new Error('connection to mongodb://admin:hunter2@10.0.0.5 lost');
  },
};

describe('createSubgraphServer httpRoutes', () => {
  let server: SubgraphServer;
  let origin: string;
  const signed = (
    method: string,
    path: string,
    identity: Identity = agent,
    key: GatewaySigningKey = KEY,
    now?: () => number,
    audience = 'desks',
  ) => ({
    [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(identity, method, path, { key, audience, ...(now ? { now } : {}) }),
  });

  beforeAll(async () => {
    server = await probeServer(KEY, {
      name: 'desks',
      resolvers: [new DeskResolver()],
      referenceResolvers: { Desk: (reference) => ({ id: String(reference.id) }) },
      orphanedTypes: [Desk],
      permissions: { Query: { whoami: isAuthenticated }, Desk: { '*': isAuthenticated } },
      maxBodyBytes: 1024,
      httpRoutes: [echo, report, broken],
    });
    origin = new URL((await server.start(0)).url).origin;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists its route paths for the gateway', () => {
    expect(server.httpPaths).toEqual(['/desk/upload', '/desk/report', '/desk/broken']);
  });

  it('runs the handler with the verified identity and the gateway request id', async () => {
    const path = '/desk/report?tenantId=demo&from=2026-01-01T00:00:00Z';
    const response = await fetch(`${origin}${path}`, { headers: { ...signed('GET', path), 'x-request-id': 'req-42' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: 'agent-1', url: path });
  });

  it('streams request bodies past maxBodyBytes to the handler instead of buffering them', async () => {
    const body = 'x'.repeat(200_000);
    const response = await fetch(`${origin}/desk/upload`, {
      method: 'POST',
      headers: { ...signed('POST', '/desk/upload'), 'x-request-id': 'req-7' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: 'agent-1', tenants: ['demo'], requestId: 'req-7', bytes: 200_000 });
  });

  it.each([
    ['no identity header', () => ({})],
    ['a header that is not JSON', () => ({ [UPSTREAM_IDENTITY_HEADER]: 'not json' })],
    ['another key', () => signed('GET', '/desk/report', agent, generateGatewaySigningKey('http-routes-test'))],
    ['another subgraph', () => signed('GET', '/desk/report', agent, KEY, undefined, 'accounts')],
    ['a signature for another path', () => signed('GET', '/desk/broken')],
    ['a signature for another query string', () => signed('GET', '/desk/report?tenantId=other')],
    ['a signature for another method', () => signed('POST', '/desk/report?tenantId=demo')],
    ['an expired signature', () => signed('GET', '/desk/report?tenantId=demo', agent, KEY, () => Date.now() - 120_000)],
  ])('answers 401 UNAUTHENTICATED for %s, before the handler runs', async (_label, headers) => {
    const response = await fetch(`${origin}/desk/report?tenantId=demo`, { headers: headers() });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]!.message).toMatch(/through the gateway/);
  });

  it('does not accept a GraphQL-style signature in place of a route signature', async () => {
    const response = await fetch(`${origin}/desk/upload`, {
      method: 'POST',
      body: JSON.stringify({
        query: 'POST /desk/upload',
        extensions: { vigilIdentity: signed('POST', '/desk/upload')[UPSTREAM_IDENTITY_HEADER] },
      }),
    });
    expect(response.status).toBe(401);
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const response = await fetch(`${origin}/desk/upload`, { headers: signed('GET', '/desk/upload') });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('hides a handler failure behind a generic 500', async () => {
    const response = await fetch(`${origin}/desk/broken`, { headers: signed('GET', '/desk/broken') });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('INTERNAL_SERVER_ERROR');
    expect(text).not.toContain('hunter2');
  });

  it('keeps /graphql and other paths as they were', async () => {
    expect((await fetch(`${origin}/desk/unknown`)).status).toBe(404);
    expect((await fetch(`${origin}/graphql`, { method: 'POST', body: '{"query":"{ whoami }"}' })).status).toBe(401);
  });

  it('refuses route declarations that would shadow the factory or collide', () => {
    const route = (method: 'GET' | 'POST', path: string): SubgraphHttpRoute => ({ method, path, handle: async () => undefined });
    expect(() => checkHttpRoutes([route('POST', '/graphql')])).toThrow(/not \/graphql or \/healthz/);
    expect(() => checkHttpRoutes([route('GET', 'relative')])).toThrow(/absolute path/);
    expect(() => checkHttpRoutes([route('GET', '/a'), route('GET', '/a')])).toThrow(/GET \/a is declared twice/);
    expect(() => checkHttpRoutes([route('GET', '/a'), route('POST', '/a')])).not.toThrow();
  });
});
