import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Role } from '@vigil/core';
import { ACCOUNTS_DB_NAME, DEMO_SEED, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { startTestGraph, type TestGraph } from '@vigil/testing/gateway';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph } from '@vigil/activity-logs';
import { failedLogin } from './harness.js';

const jordan = DEMO_SEED.accounts.jordan;

/** activity-logs composed with the accounts subgraph behind the real gateway: JWTs in, federation through. */
describe('through the gateway', () => {
  let graph: TestGraph;
  const token = (roles: Role[]) => graph.token({ roles, subject: `${roles[0]!.toLowerCase()}-1` });
  const call = (roles: Role[], query: string, variables?: Record<string, unknown>) =>
    graph.call({ roles, subject: `${roles[0]!.toLowerCase()}-1` }, query, variables);

  beforeAll(async () => {
    graph = await startTestGraph({
      seed: async ({ open }) => seedDemoTenant((await open(ACCOUNTS_DB_NAME)).connection),
      subgraphs: [
        { name: 'accounts', dbName: ACCOUNTS_DB_NAME, start: createAccountsSubgraph },
        { name: 'activity-logs', dbName: ACTIVITY_LOGS_DB_NAME, start: (deps) => createActivityLogsSubgraph(deps) },
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await graph?.stop();
  });

  it('composes with accounts: Account.activity resolves on the account the accounts subgraph returns', async () => {
    const recorded = await call(
      ['INGEST'],
      'mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "demo", events: $events) { recordedCount } }',
      {
        events: [failedLogin(jordan), failedLogin(jordan)],
      },
    );
    expect(recorded.errors).toBeUndefined();
    const { data, errors } = await call(
      ['SECURITY_ANALYST'],
      `{ account(id: "${jordan}") { displayName activity(first: 5) { edges { node { type ip geo { country } } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.account).toEqual({
      displayName: 'Jordan Rivera',
      activity: {
        edges: [0, 1].map(() => ({ node: { type: 'user.authentication.failed', ip: '81.2.69.142', geo: { country: 'GB' } } })),
      },
    });
    const agentView = await call(['AGENT'], `{ account(id: "${jordan}") { activity(first: 1) { edges { node { ip } } } } }`);
    expect(agentView.data?.account).toEqual({ activity: { edges: [{ node: { ip: '81.2.69.x' } }] } });
  });

  it('delivers Subscription.activityRecorded over graphql-ws through the gateway', async () => {
    const client = createClient({
      url: graph.gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await token(['SECURITY_ANALYST'])}` },
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: `subscription { activityRecorded(accountId: "${jordan}") { type accountId ip } }` },
        { next: (value) => received.push(value.data), error: reject, complete: resolve },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await call(
      ['INGEST'],
      'mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "demo", events: $events) { recordedCount } }',
      {
        events: [failedLogin(jordan, { type: 'user.session.start' })],
      },
    );
    for (let waited = 0; received.length === 0 && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await client.dispose();
    await finished.catch(() => undefined);
    expect(received).toEqual([{ activityRecorded: { type: 'user.session.start', accountId: jordan, ip: '81.2.69.142' } }]);
  });
});
