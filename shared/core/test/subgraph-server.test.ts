import 'reflect-metadata';
import { createClient } from 'graphql-ws';
import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver, Root, Subscription, Directive } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  InMemoryPubSub,
  generateGatewaySigningKey,
  requireRole,
  isAuthenticated,
  signedUpstreamBody,
  type Identity,
  type SubgraphContext,
  type SubgraphServer,
} from '@vigil/core';
import { agent, post, probeServer } from './probe-server.js';

const KEY = generateGatewaySigningKey('factory-test');
const SECRET = { key: KEY, audience: 'probe' };

@ObjectType()
@Directive('@key(fields: "id")')
class Probe {
  @Field(() => ID) id!: string;
  @Field() contact!: string;
  @Field() internalNote!: string;
}

@ObjectType()
class Ping {
  @Field() message!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe)
  probe(@Arg('id', () => ID) id: string): Probe {
    return { id, contact: 'jordan.rivera@example.com', internalNote: 'never shown' };
  }

  @Query(() => String)
  whoami(@Arg('suffix', () => String, { nullable: true }) suffix: string | undefined, @Ctx() context: SubgraphContext): string {
    return `${context.identity.subject}${suffix ?? ''}`;
  }

  @Query(() => String, { description: 'No rule in the permission map: denied by default.' })
  unlisted(): string {
    return 'leaked';
  }

  @Subscription(() => Ping, { topics: 'PING' })
  pinged(@Root() ping: Ping): Ping {
    return ping;
  }

  @Subscription(() => Ping, { topics: 'BROKEN' })
  broken(): Ping {
    throw new Error('connection to mongodb://admin:hunter2@10.0.0.5 lost');
  }
}

describe('createSubgraphServer', () => {
  const pubsub = new InMemoryPubSub();
  let server: SubgraphServer;
  let url: string;

  beforeAll(async () => {
    server = await probeServer(KEY, {
      name: 'probe',
      resolvers: [new ProbeResolver()],
      referenceResolvers: { Probe: (reference) => ({ id: reference.id, contact: 'ref@example.com', internalNote: 'x' }) },
      permissions: {
        Query: { probe: isAuthenticated, whoami: requireRole('AGENT', 'SUPERVISOR') },
        Subscription: { pinged: isAuthenticated, broken: isAuthenticated },
        Probe: { id: isAuthenticated, contact: isAuthenticated },
        Ping: { message: isAuthenticated },
      },
      pubsub,
      maxBodyBytes: 64 * 1024,
    });
    ({ url } = await server.start(0));
  });

  afterAll(async () => {
    await server.stop();
    await pubsub.close();
  });

  it('answers /healthz without an identity', async () => {
    const response = await fetch(url.replace('/graphql', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('rejects an unsigned request with 401 UNAUTHENTICATED', async () => {
    const { status, json } = await post(url, { query: '{ whoami }' });
    expect(status).toBe(401);
    expect(json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a signature made with another secret, and one replayed on another operation', async () => {
    const forged = await post(
      url,
      signedUpstreamBody(agent, { query: '{ whoami }' }, { key: generateGatewaySigningKey('factory-test'), audience: 'probe' }),
    );
    expect(forged.status).toBe(401);
    const signed = signedUpstreamBody(agent, { query: '{ whoami }' }, SECRET);
    const replayed = await post(url, { ...signed, query: '{ probe(id: "1") { id } }' });
    expect(replayed.status).toBe(401);
  });

  it('executes a signed request with the identity in context', async () => {
    const { status, json } = await post(url, signedUpstreamBody(agent, { query: '{ whoami }' }, SECRET));
    expect(status).toBe(200);
    expect(json.data?.whoami).toBe('agent-1');
  });

  it('denies fields the permission map does not list, and roles it does not allow', async () => {
    const unlisted = await post(url, signedUpstreamBody(agent, { query: '{ unlisted }' }, SECRET));
    expect(unlisted.json.data).toBeNull();
    expect(unlisted.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const note = await post(url, signedUpstreamBody(agent, { query: '{ probe(id: "1") { id internalNote } }' }, SECRET));
    expect(note.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(note.json)).not.toContain('never shown');

    const auditor: Identity = { ...agent, roles: ['AUDITOR'] };
    const whoami = await post(url, signedUpstreamBody(auditor, { query: '{ whoami }' }, SECRET));
    expect(whoami.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('serves federation internals: _service and _entities through reference resolvers', async () => {
    const sdl = await post(url, signedUpstreamBody(agent, { query: '{ _service { sdl } }' }, SECRET));
    const text = (sdl.json.data?._service as { sdl: string }).sdl;
    expect(text).toContain('@key(fields: "id")');
    expect(text).toContain('https://specs.apollo.dev/federation/v2.3');

    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Probe { id contact } } }';
    const entities = await post(
      url,
      signedUpstreamBody(agent, { query, variables: { r: [{ __typename: 'Probe', id: '7' }] } }, SECRET),
    );
    expect(entities.json.data?._entities).toEqual([{ id: '7', contact: 'ref@example.com' }]);
  });

  it('refuses bodies over the limit with 413', async () => {
    const { status } = await post(url, { query: `{ whoami(suffix: "${'x'.repeat(70 * 1024)}") }` });
    expect(status).toBe(413);
  });

  it('delivers a subscription over graphql-ws to a signed subscriber', async () => {
    const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const operation = { query: 'subscription { pinged { message } }' };
    const iterator = client.iterate(signedUpstreamBody(agent, operation, SECRET));
    const first = iterator.next();
    // The subscription is registered asynchronously: publish until it is delivered.
    const timer = setInterval(() => pubsub.publish('PING', { message: 'hello' }), 20);
    const result = await first;
    clearInterval(timer);
    expect(result.value).toEqual({ data: { pinged: { message: 'hello' } } });
    await iterator.return?.();
    await client.dispose();
  });

  it('hides internal errors of subscription resolvers like it does over HTTP', async () => {
    const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const iterator = client.iterate(signedUpstreamBody(agent, { query: 'subscription { broken { message } }' }, SECRET));
    const first = iterator.next();
    const timer = setInterval(() => pubsub.publish('BROKEN', { message: 'x' }), 20);
    const result = await first;
    clearInterval(timer);
    expect(JSON.stringify(result.value)).not.toContain('hunter2');
    expect((result.value as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toMatchObject({
      message: 'Something went wrong on our side; try again later.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    await iterator.return?.();
    await client.dispose();
  });

  it('fails an unsigned subscription with UNAUTHENTICATED and keeps the shared socket open for signed ones', async () => {
    let closed = false;
    const client = createClient({
      url: url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: () => (closed = true) },
    });
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { pinged { message } }' },
        { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
      );
    });
    expect(JSON.stringify(error)).toContain('UNAUTHENTICATED');
    expect(closed).toBe(false);
    await client.dispose();
  });

  it('stops cleanly when never started, and when stopped twice', async () => {
    const idle = await probeServer(KEY, { name: 'idle', resolvers: [new ProbeResolver()], permissions: {}, pubsub });
    await idle.stop();
    await idle.stop();
    const started = await probeServer(KEY, { name: 'twice', resolvers: [new ProbeResolver()], permissions: {}, pubsub });
    const { url: startedUrl } = await started.start(0);
    await Promise.all([started.stop(), started.stop()]);
    await expect(fetch(startedUrl.replace('/graphql', '/healthz'))).rejects.toThrow();
  });
});
