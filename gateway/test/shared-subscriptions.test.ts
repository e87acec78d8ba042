import type { Client } from 'graphql-ws';
import { waitUntil } from '@vigil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/index.js';
import { payloadSerialisations } from '../src/subscriptions/frames.js';
import { EXPIRY_WINDOW_SECONDS, SHARED_SUBJECT } from '../src/subscriptions/subscription-key.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { post, wsClient, type WsClosed } from './fixtures/gateway-client.js';
import { token } from './fixtures/tokens.js';

// Real graphql-ws clients against a real gateway over the two fixture subgraphs (alerts owns the subscription,
// accounts resolves Alert.account). `audience` is the roles|tenants each subgraph verified for the operation: the
// stand-in for anything role- or tenant-dependent (masking, tenant filters).
const graph = useFixtureGraph();
const WALL = 'subscription { alertRaised { id seenBy audience account { displayName audience } } }';

type WallEvent = {
  alertRaised: { id: string; seenBy: string; audience: string; account: { displayName: string; audience: string } };
};

interface Wall {
  readonly client: Client;
  readonly closed: Promise<WsClosed>;
  readonly received: WallEvent['alertRaised'][];
  readonly ended: Promise<void>;
}

const walls: Wall[] = [];
afterEach(async () => {
  await Promise.all(walls.splice(0).map((wall) => wall.client.dispose()));
});

async function openWall(gateway: Gateway, claims: { sub: string; roles: string[]; tenants: string[] }, expiresInSeconds = 600) {
  const { client, closed } = wsClient(gateway.url, await token(claims, { expiresInSeconds }));
  const received: WallEvent['alertRaised'][] = [];
  const ended = new Promise<void>((resolve) => {
    client.subscribe<WallEvent>(
      { query: WALL },
      {
        next: (event) => {
          if (event.data) received.push(event.data.alertRaised);
        },
        error: () => resolve(),
        complete: () => resolve(),
      },
    );
  });
  const wall = { client, closed, received, ended };
  walls.push(wall);
  return wall;
}

async function raise(gateway: Gateway, accountId: string): Promise<string> {
  const response = await post(gateway.url, `mutation { raiseAlert(accountId: "${accountId}", severity: "HIGH") { id } }`, {
    token: await token({ sub: 'detector' }),
  });
  expect(response.body.errors).toBeUndefined();
  return (response.body.data as { raiseAlert: { id: string } }).raiseAlert.id;
}

const upstreamListeners = () => graph.alerts.raised.listenerCount('alert');

describe('shared subscriptions (roles-and-tenants)', () => {
  it('shares one upstream per roles and tenants, never across roles or tenants, and fetches entities once per group', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'roles-and-tenants' });
    const agentA = await openWall(gateway, { sub: 'agent-a', roles: ['AGENT'], tenants: ['t1'] });
    const agentB = await openWall(gateway, { sub: 'agent-b', roles: ['AGENT'], tenants: ['t1'] });
    const supervisor = await openWall(gateway, { sub: 'sup-1', roles: ['SUPERVISOR'], tenants: ['t1'] });
    const otherTenant = await openWall(gateway, { sub: 'agent-c', roles: ['AGENT'], tenants: ['t2'] });
    await waitUntil(() => upstreamListeners() === 3 && gateway.sharedSubscriptions.members === 4);
    expect(gateway.sharedSubscriptions.upstreams).toBe(3);

    const entityFetchesBefore = graph.accounts.seen.length;
    const serialisationsBefore = payloadSerialisations();
    const alertId = await raise(gateway, 'acc-2');
    await waitUntil(() => [agentA, agentB, supervisor, otherTenant].every((wall) => wall.received.length === 1));

    const sharedAgentView = {
      id: alertId,
      seenBy: SHARED_SUBJECT,
      audience: 'AGENT|t1',
      account: { displayName: 'Grace', audience: 'AGENT|t1' },
    };
    expect(agentA.received).toEqual([sharedAgentView]);
    expect(agentB.received).toEqual([sharedAgentView]);
    expect(supervisor.received).toEqual([
      { ...sharedAgentView, audience: 'SUPERVISOR|t1', account: { displayName: 'Grace', audience: 'SUPERVISOR|t1' } },
    ]);
    expect(otherTenant.received).toEqual([
      { ...sharedAgentView, audience: 'AGENT|t2', account: { displayName: 'Grace', audience: 'AGENT|t2' } },
    ]);
    // Serialised once per group (3), written to 4 sockets; Alert.account came from the accounts subgraph once per
    // group too, not once per wall.
    expect(payloadSerialisations() - serialisationsBefore).toBe(3);
    const entityFetches = graph.accounts.seen.slice(entityFetchesBefore);
    expect(
      entityFetches.map((identity) => `${identity.subject} ${identity.roles.join()}|${identity.tenantIds.join()}`).sort(),
    ).toEqual([`${SHARED_SUBJECT} AGENT|t1`, `${SHARED_SUBJECT} AGENT|t2`, `${SHARED_SUBJECT} SUPERVISOR|t1`]);
  });

  it('keys on the operation too: another selection gets its own upstream', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'roles-and-tenants' });
    await openWall(gateway, { sub: 'agent-a', roles: ['AGENT'], tenants: ['t1'] });
    const { client } = wsClient(gateway.url, await token({ sub: 'agent-b', roles: ['AGENT'], tenants: ['t1'] }));
    walls.push({ client, closed: new Promise(() => undefined), received: [], ended: Promise.resolve() });
    const other = client.iterate<{ alertRaised: { id: string; severity: string } }>({
      query: 'subscription { alertRaised { id severity } }',
    });
    const first = other.next();
    await waitUntil(() => upstreamListeners() === 2);
    expect(gateway.sharedSubscriptions).toEqual({ upstreams: 2, members: 2 });
    const alertId = await raise(gateway, 'acc-1');
    expect((await first).value?.data).toEqual({ alertRaised: { id: alertId, severity: 'HIGH' } });
    await other.return?.();
  });

  it('closes an expired wall with 4401 and stops writing to it while the others of its group go on', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'roles-and-tenants' });
    // Both tokens must fall in one expiry window to share a group: wait out a window about to end.
    let now = Date.now() / 1000;
    if (Math.ceil((now + 3) / EXPIRY_WINDOW_SECONDS) * EXPIRY_WINDOW_SECONDS - now < 30) {
      await new Promise((resolve) => setTimeout(resolve, 31_000));
      now = Date.now() / 1000;
    }
    const windowEnd = Math.ceil((now + 3) / EXPIRY_WINDOW_SECONDS) * EXPIRY_WINDOW_SECONDS;
    const expiring = await openWall(gateway, { sub: 'agent-short', roles: ['AGENT'], tenants: ['t1'] }, 3);
    const staying = await openWall(
      gateway,
      { sub: 'agent-long', roles: ['AGENT'], tenants: ['t1'] },
      Math.floor(windowEnd - now) - 1,
    );
    await waitUntil(() => gateway.sharedSubscriptions.members === 2);
    expect(gateway.sharedSubscriptions.upstreams).toBe(1);

    const first = await raise(gateway, 'acc-1');
    await waitUntil(() => expiring.received.length === 1 && staying.received.length === 1);

    const { code, reason } = await expiring.closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/Token expired/);
    await waitUntil(() => gateway.sharedSubscriptions.members === 1);
    expect(upstreamListeners()).toBe(1);

    const second = await raise(gateway, 'acc-2');
    await waitUntil(() => staying.received.length === 2);
    expect(staying.received.map((alert) => alert.id)).toEqual([first, second]);
    expect(expiring.received.map((alert) => alert.id)).toEqual([first]);
  }, 60_000);

  it('ends the upstream when the last member leaves, not before', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'roles-and-tenants' });
    const one = await openWall(gateway, { sub: 'agent-a', roles: ['AGENT'], tenants: ['t1'] });
    const two = await openWall(gateway, { sub: 'agent-b', roles: ['AGENT'], tenants: ['t1'] });
    await waitUntil(() => gateway.sharedSubscriptions.members === 2 && upstreamListeners() === 1);

    await one.client.dispose();
    await waitUntil(() => gateway.sharedSubscriptions.members === 1);
    expect(upstreamListeners()).toBe(1);
    const alertId = await raise(gateway, 'acc-1');
    await waitUntil(() => two.received.length === 1);
    expect(two.received[0]?.id).toBe(alertId);

    await two.client.dispose();
    await waitUntil(() => upstreamListeners() === 0);
    expect(gateway.sharedSubscriptions).toEqual({ upstreams: 0, members: 0 });
  });
});

describe('shared subscriptions: results with errors', () => {
  it('delivers them to every member through its own pipeline, and the results after them too', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'roles-and-tenants' });
    const query = 'subscription { alertRaised { id broken } }';
    const members = await Promise.all(
      ['agent-a', 'agent-b'].map(async (sub) => {
        const { client } = wsClient(gateway.url, await token({ sub, roles: ['AGENT'], tenants: ['t1'] }));
        walls.push({ client, closed: new Promise(() => undefined), received: [], ended: Promise.resolve() });
        return client.iterate<{ alertRaised: { id: string; broken: string | null } }>({ query });
      }),
    );
    const firsts = members.map((events) => events.next());
    await waitUntil(() => gateway.sharedSubscriptions.members === 2 && upstreamListeners() === 1);
    const first = await raise(gateway, 'acc-1');
    for (const { value } of await Promise.all(firsts)) {
      expect(value?.data).toEqual({ alertRaised: { id: first, broken: null } });
      expect(value?.errors?.[0]?.path).toEqual(['alertRaised', 'broken']);
    }
    const seconds = members.map((events) => events.next());
    const second = await raise(gateway, 'acc-2');
    for (const { value } of await Promise.all(seconds))
      expect(value?.data).toEqual({ alertRaised: { id: second, broken: null } });
    await Promise.all(members.map((events) => events.return?.()));
  });
});

describe('shared subscriptions (caller)', () => {
  it('shares among the walls of one subject only, which the upstream still sees', async () => {
    const gateway = await graph.startGateway({ sharedSubscriptions: 'caller' });
    const first = await openWall(gateway, { sub: 'agent-a', roles: ['AGENT'], tenants: ['t1'] });
    const secondTab = await openWall(gateway, { sub: 'agent-a', roles: ['AGENT'], tenants: ['t1'] });
    const colleague = await openWall(gateway, { sub: 'agent-b', roles: ['AGENT'], tenants: ['t1'] });
    await waitUntil(() => gateway.sharedSubscriptions.members === 3 && upstreamListeners() === 2);
    await raise(gateway, 'acc-1');
    await waitUntil(() => [first, secondTab, colleague].every((wall) => wall.received.length === 1));
    expect(first.received[0]?.seenBy).toBe('agent-a');
    expect(secondTab.received[0]?.seenBy).toBe('agent-a');
    expect(colleague.received[0]?.seenBy).toBe('agent-b');
    expect(colleague.received[0]?.account.audience).toBe('AGENT|t1');
  });
});
