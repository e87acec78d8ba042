/**
 * Shared subscriptions (ADR 100) on the whole graph, with real masking: walls of two tenants and two roles subscribe
 * to the same operation through the gateway; the gateway runs one upstream per roles and tenants, and each wall gets
 * exactly what its own subscription would have (agents see the account's email masked, supervisors in clear, and no
 * wall sees another tenant's alert).
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import type { Client } from 'graphql-ws';
import { waitUntil } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
const WALL = `subscription { alertRaised(filter: { minSeverity: HIGH }) { id tenantId rule account { id displayName email } } }`;
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) { recordActivities(tenantId: $tenantId, events: $events) { recordedCount } }`;

interface WallAlert {
  id: string;
  tenantId: string;
  rule: string;
  account: { id: string; displayName: string; email: string | null };
}

let stack: RunningStack;
const clients: Client[] = [];
beforeAll(async () => {
  stack = await bootStack();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await stack?.stop();
});

async function openWall(roles: ('AGENT' | 'SUPERVISOR')[], tenant: string, subject: string) {
  const client = wsClient(stack.gatewayUrl, await stack.token({ roles, tenants: [tenant], subject }));
  clients.push(client);
  const received: WallAlert[] = [];
  client.subscribe<{ alertRaised: WallAlert }>(
    { query: WALL },
    {
      next: (result) => {
        expect(result.errors).toBeUndefined();
        if (result.data) received.push(result.data.alertRaised);
      },
      error: (error) => {
        throw error instanceof Error ? error : new Error(JSON.stringify(error));
      },
      complete: () => undefined,
    },
  );
  return received;
}

/** The whole stack on a loaded machine: allow delivery up to 90 s. */
const waitFor = (condition: () => boolean) => waitUntil(condition, 90_000, 50);

async function tenFailedLogins(tenant: string, accountId: string, key: string): Promise<void> {
  const idp = await stack.token({ roles: ['INGEST'], tenants: [tenant], subject: 'svc-idp' });
  const start = Date.now() - 10_000;
  const events = Array.from({ length: 10 }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(start + i * 1000).toISOString(),
    ip: '203.0.113.77',
    idempotencyKey: `${key}-${i}`,
  }));
  const recorded = await graphql(stack.gatewayUrl, idp, RECORD, { tenantId: tenant, events });
  expect(recorded.errors).toBeUndefined();
}

describe('shared walls on the whole graph', () => {
  it('one upstream per roles and tenants; masking and tenants exactly as for a wall of its own', async () => {
    const agentOne = await openWall(['AGENT'], tenants.demo, 'agent-floor-1');
    const agentTwo = await openWall(['AGENT'], tenants.demo, 'agent-floor-2');
    const supervisor = await openWall(['SUPERVISOR'], tenants.demo, 'agent-supervisor');
    const acmeAgent = await openWall(['AGENT'], tenants.acme, 'agent-acme-1');
    await waitFor(() => stack.sharedSubscriptions.members === 4);
    expect(stack.sharedSubscriptions.upstreams).toBe(3);
    // The gateway has joined every wall; the alerts subgraph registers the 3 upstreams a moment later.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    await tenFailedLogins(tenants.demo, accounts.jordan, 'shared-walls-jordan');
    await waitFor(() => agentOne.length === 1 && agentTwo.length === 1 && supervisor.length === 1);
    const [forAgent] = agentOne;
    expect(forAgent).toMatchObject({ tenantId: tenants.demo, account: { id: accounts.jordan, displayName: 'Jordan Rivera' } });
    expect(forAgent?.account.email).not.toBe('jordan.rivera@example.com');
    expect(forAgent?.account.email).toMatch(/\*/);
    expect(agentTwo).toEqual(agentOne);
    expect(supervisor).toEqual([{ ...forAgent, account: { ...forAgent?.account, email: 'jordan.rivera@example.com' } }]);

    await tenFailedLogins(tenants.acme, accounts.alex, 'shared-walls-alex');
    await waitFor(() => acmeAgent.length === 1);
    // The demo alert was published first: had it reached the acme wall, it would be there before this one.
    expect(acmeAgent.map((alert) => [alert.tenantId, alert.account.id])).toEqual([[tenants.acme, accounts.alex]]);
    // Likewise a later demo alert: had the acme alert reached the demo walls, it would be there before it.
    await tenFailedLogins(tenants.demo, accounts.priya, 'shared-walls-priya');
    await waitFor(() => agentOne.length === 2 && agentTwo.length === 2 && supervisor.length === 2);
    for (const wall of [agentOne, agentTwo, supervisor]) {
      expect(wall.map((alert) => alert.account.id)).toEqual([accounts.jordan, accounts.priya]);
    }
    expect(acmeAgent).toHaveLength(1);
  }, 240_000);
});
