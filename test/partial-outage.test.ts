/**
 * One subgraph's outage must not erase what the others still have: every field served by another subgraph (and
 * every root query field) is nullable, so the gateway answers partial data plus an error for the missing part.
 * Each subgraph is taken down in turn, in a stack of its own, and one query touching all four is compared with
 * its answer while everything was up.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterEach, describe, expect, it } from 'vitest';
import { graphql, type GraphQLResponse, nodes, type Page } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
type Subgraph = 'accounts' | 'activity-logs' | 'recovery-cases' | 'alerts';
const SUBGRAPHS: readonly Subgraph[] = ['accounts', 'activity-logs', 'recovery-cases', 'alerts'];

const EVERYTHING = `query ($tenantId: ID!, $caseTenant: ID!, $accountId: ID!) {
  tenant(id: $tenantId) { id name }
  account(id: $accountId) {
    id displayName
    activity(first: 3, filter: { types: ["user.authentication.failed"] }) { edges { node { id type } } }
    recoveryCases { edges { node { id status } } }
    alertRiskScore openAlertCount
  }
  activityEvents(tenantId: $tenantId, accountId: $accountId, first: 3, filter: { types: ["user.authentication.failed"] }) { edges { node { id type } } }
  recoveryCases(filter: { tenantId: $caseTenant }) { edges { node { id account { displayName } linkedAlerts { id rule } } } }
  alerts(first: 5, filter: { accountId: $accountId }) { edges { node { id rule account { displayName } recoveryCase { id } } } }
}`;

/** A value in the answer, and the subgraphs that must be up for it to be there. */
const PARTS: ReadonlyArray<{ path: ReadonlyArray<string | number>; needs: readonly Subgraph[] }> = [
  { path: ['tenant', 'name'], needs: ['accounts'] },
  { path: ['account', 'displayName'], needs: ['accounts'] },
  { path: ['account', 'activity', 'edges'], needs: ['accounts', 'activity-logs'] },
  { path: ['account', 'recoveryCases', 'edges'], needs: ['accounts', 'recovery-cases'] },
  { path: ['account', 'alertRiskScore'], needs: ['accounts', 'alerts'] },
  { path: ['activityEvents', 'edges'], needs: ['activity-logs'] },
  { path: ['recoveryCases', 'edges', 0, 'node', 'id'], needs: ['recovery-cases'] },
  { path: ['recoveryCases', 'edges', 0, 'node', 'account', 'displayName'], needs: ['recovery-cases', 'accounts'] },
  { path: ['recoveryCases', 'edges', 0, 'node', 'linkedAlerts', 0, 'rule'], needs: ['recovery-cases', 'alerts'] },
  { path: ['alerts', 'edges', 0, 'node', 'rule'], needs: ['alerts'] },
  { path: ['alerts', 'edges', 0, 'node', 'account', 'displayName'], needs: ['alerts', 'accounts'] },
  { path: ['alerts', 'edges', 0, 'node', 'recoveryCase', 'id'], needs: ['alerts', 'recovery-cases'] },
];

function at(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Ten failed logins (→ a brute-force alert) and a recovery case linked to that alert, all on one account. */
async function seed(stack: RunningStack): Promise<void> {
  const idp = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-idp' });
  const start = Date.now() - 20_000;
  const recorded = await graphql(
    stack.gatewayUrl,
    idp,
    `
      mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
        recordActivities(tenantId: $tenantId, events: $events) {
          recordedCount
        }
      }
    `,
    {
      tenantId: tenants.demo,
      events: Array.from({ length: 10 }, (_, i) => ({
        accountId: accounts.jordan,
        type: 'user.authentication.failed',
        occurredAt: new Date(start + i * 1000).toISOString(),
        ip: '203.0.113.77',
        idempotencyKey: `outage-${i}`,
      })),
    },
  );
  expect(recorded.errors).toBeUndefined();
  const supervisor = await stack.token({ roles: ['SUPERVISOR'], tenants: [tenants.demo] });
  let alertId: string | undefined;
  for (const deadline = Date.now() + 30_000; !alertId && Date.now() < deadline;) {
    const found = await graphql<{ alerts: Page<{ id: string }> | null }>(
      stack.gatewayUrl,
      supervisor,
      `
        query ($a: ID!) {
          alerts(first: 1, filter: { accountId: $a }) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
      { a: accounts.jordan },
    );
    alertId = nodes(found.data?.alerts)?.[0]?.id;
    if (!alertId) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(alertId).toBeDefined();
  const opened = await graphql(
    stack.gatewayUrl,
    supervisor,
    `
      mutation ($input: OpenRecoveryCaseInput!) {
        openRecoveryCase(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        tenantId: tenants.demo,
        accountId: accounts.jordan,
        reason: 'SUSPECTED_COMPROMISE',
        channel: 'PHONE',
        linkedAlertIds: [alertId],
      },
    },
  );
  expect(opened.errors).toBeUndefined();
}

let stack: RunningStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('each subgraph down in turn', () => {
  it.each(SUBGRAPHS)('with %s down, every other subgraph still answers its part', async (down) => {
    stack = await bootStack();
    await seed(stack);
    const token = await stack.token({ roles: ['SUPERVISOR', 'SECURITY_ANALYST', 'AUDITOR'], tenants: [tenants.demo] });
    const variables = { tenantId: tenants.demo, caseTenant: tenants.demo, accountId: accounts.jordan };
    const ask = () => graphql(stack!.gatewayUrl, token, EVERYTHING, variables);

    const before: GraphQLResponse = await ask();
    expect(before.errors).toBeUndefined();
    for (const { path } of PARTS) expect(at(before.data, path), path.join('.')).toBeDefined();
    for (const { path } of PARTS) expect(at(before.data, path), path.join('.')).not.toBeNull();
    expect(at(before.data, ['account', 'activity', 'edges'])).not.toEqual([]);
    expect(at(before.data, ['account', 'recoveryCases', 'edges'])).not.toEqual([]);

    await stack.stopSubgraph(down);
    const during = await ask();
    expect(during.status).toBe(200);
    expect(during.data).toBeTruthy();
    expect(during.errors?.length).toBeGreaterThan(0);
    for (const { path, needs } of PARTS) {
      const value = at(during.data, path);
      if (needs.includes(down)) expect(value ?? null, `${path.join('.')} with ${down} down`).toBeNull();
      else expect(value, `${path.join('.')} with ${down} down`).toEqual(at(before.data, path));
    }
    expect(JSON.stringify(during.errors)).not.toMatch(/\\n\s+at /);
  });
});
