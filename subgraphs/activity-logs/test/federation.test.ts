import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import {
  InMemoryEventBus,
  InMemoryPubSub,
  connectMongo,
  createLogger,
  loadConfig,
  type MongoHandle,
  type Role,
  type SubgraphServer,
} from '@vigil/core';
import { ACCOUNTS_DB_NAME, DEMO_SEED, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { createGateway, gatewayOptionsFromConfig, mintDevToken, type Gateway } from '@vigil/gateway';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph } from '@vigil/activity-logs';
import { failedLogin } from './harness.js';

const jordan = DEMO_SEED.accounts.jordan;

/** activity-logs composed with the accounts subgraph behind the real gateway: JWTs in, federation through. */
describe('through the gateway', () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const logger = createLogger({ name: 'federation-test', level: 'silent' });
  const bus = new InMemoryEventBus(logger);
  const pubsub = new InMemoryPubSub();
  let mongo: EmbeddedMongo;
  const handles: MongoHandle[] = [];
  const servers: SubgraphServer[] = [];
  let gateway: Gateway;

  const token = (roles: Role[]) =>
    mintDevToken({
      subject: `${roles[0]!.toLowerCase()}-1`,
      roles,
      tenants: ['demo'],
      ttlSeconds: 600,
      secret: config.JWT_SECRET!,
    });
  const call = async (roles: Role[], query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(roles)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
  };

  beforeAll(async () => {
    mongo = await EmbeddedMongo.start();
    const accountsDb = await connectMongo(config, logger, { dbName: ACCOUNTS_DB_NAME, uri: mongo.uri });
    const activityDb = await connectMongo(config, logger, { dbName: ACTIVITY_LOGS_DB_NAME, uri: mongo.uri });
    handles.push(accountsDb, activityDb);
    await seedDemoTenant(accountsDb.connection);
    const accounts = await createAccountsSubgraph({ config, logger, connection: accountsDb.connection, bus, pubsub });
    const activity = await createActivityLogsSubgraph({ config, logger, connection: activityDb.connection, bus, pubsub });
    servers.push(accounts, activity);
    const endpoints = [
      { name: 'accounts', url: (await accounts.start(0)).url },
      { name: 'activity-logs', url: (await activity.start(0)).url },
    ];
    gateway = createGateway({ ...gatewayOptionsFromConfig(config, endpoints, logger), port: 0, host: '127.0.0.1' });
    await gateway.start();
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    for (const server of servers) await server.stop();
    for (const handle of handles) await handle.close();
    await bus.close();
    await pubsub.close();
    await mongo?.stop();
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
      url: gateway.url.replace('http', 'ws'),
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
