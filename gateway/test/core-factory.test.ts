import 'reflect-metadata';
import {
  createLogger,
  createSubgraphServer,
  InMemoryPubSub,
  isAuthenticated,
  requireRole,
  type SubgraphContext,
  type SubgraphServer,
} from '@vigil/core';
import { Ctx, Directive, Field, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { startTestGateway } from './fixtures/gateway-options.js';
import { GATEWAY_KEYS, token } from './fixtures/tokens.js';

// The real subgraph factory from @vigil/core behind the gateway: proves that what the gateway signs over
// HTTP and over its upstream WebSocket is exactly what the factory verifies.

// An entity, because the factory's shield map names Query._entities, which exists only when there is one.
@ObjectType()
@Directive('@key(fields: "agent")')
class Shift {
  @Field() agent!: string;
  @Field() tenants!: string;
}

@Resolver()
class ShiftResolver {
  @Query(() => Shift)
  myShift(@Ctx() context: SubgraphContext): Shift {
    return { agent: context.identity.subject, tenants: context.identity.tenantIds.join(',') };
  }

  @Subscription(() => Shift, { topics: 'SHIFT_CHANGED' })
  shiftChanged(@Root() shift: Shift, @Ctx() context: SubgraphContext): Shift {
    return { agent: `${shift.agent} seen by ${context.identity.subject}`, tenants: shift.tenants };
  }
}

const pubsub = new InMemoryPubSub();
let subgraph: SubgraphServer;
let gateway: Gateway;

beforeAll(async () => {
  subgraph = await createSubgraphServer({
    name: 'shifts',
    logger: createLogger({ name: 'test', level: 'silent' }),
    gatewayKeys: GATEWAY_KEYS,
    resolvers: [new ShiftResolver()],
    permissions: {
      Query: { myShift: requireRole('AGENT') },
      Subscription: { shiftChanged: isAuthenticated },
      Shift: { '*': isAuthenticated },
    },
    referenceResolvers: { Shift: (reference) => ({ agent: String(reference.agent), tenants: '' }) },
    pubsub,
    createLoaders: () => ({}),
  });
  const { url } = await subgraph.start(0);
  gateway = await startTestGateway([{ name: 'shifts', url }]);
});

afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
  await pubsub.close();
});

describe('gateway in front of a @vigil/core subgraph', () => {
  it('carries the identity over HTTP: the subgraph sees subject, tenants and roles', async () => {
    const agent = await post(gateway.url, '{ myShift { agent tenants } }', {
      token: await token({ sub: 'agent-9', tenants: ['demo', 'acme'] }),
    });
    expect(agent.body).toEqual({ data: { myShift: { agent: 'agent-9', tenants: 'demo,acme' } } });
    const partner = await post(gateway.url, '{ myShift { agent } }', { token: await token({ roles: ['PARTNER'] }) });
    expect(partner.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('carries the identity over the upstream WebSocket for subscriptions', async () => {
    const { client } = wsClient(gateway.url, await token({ sub: 'wall-2' }));
    try {
      const events = client.iterate<{ shiftChanged: { agent: string } }>({ query: 'subscription { shiftChanged { agent } }' });
      const first = events.next();
      // The upstream subscription registers asynchronously: publish until it is delivered.
      const timer = setInterval(() => pubsub.publish('SHIFT_CHANGED', { agent: 'agent-3', tenants: 'demo' }), 20);
      const { value } = await first.finally(() => clearInterval(timer));
      expect(value?.errors).toBeUndefined();
      expect(value?.data?.shiftChanged.agent).toBe('agent-3 seen by wall-2');
      await events.return?.();
    } finally {
      await client.dispose();
    }
  });
});
