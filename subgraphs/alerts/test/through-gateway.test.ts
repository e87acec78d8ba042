import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';
import { connectMongo, createLogger, type MongoHandle, type SubgraphServer } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, mintDevToken, type Gateway } from '@vigil/gateway';
import { AccountsRecipientDirectory } from '../src/adapters/accounts-recipients.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness, nodes, type Page } from './support/harness.js';

const JORDAN = 'acc-demo-jordan-rivera';

/**
 * The skeleton's end-to-end story with the real accounts subgraph and the real gateway: ten failed
 * logins on the bus → a monitoring wall subscribed through the gateway over graphql-ws receives the
 * alert with `account { displayName }` resolved by accounts. (activity-logs' publish is simulated by
 * publishing the same `activity.recorded` payload it sends.)
 */
describe('alerts through the gateway, with accounts', () => {
  const harness = new AlertsHarness();
  let accountsDb: MongoHandle;
  let accounts: SubgraphServer;
  let gateway: Gateway;
  let accountsUrl: string;

  beforeAll(async () => {
    await harness.start({ recipients: null, env: {} });
    const logger = createLogger({ name: 'gateway-test', level: 'silent' });
    accountsDb = await connectMongo(harness.config, logger, { dbName: ACCOUNTS_DB_NAME, uri: harness.mongo.uri });
    await seedDemoTenant(accountsDb.connection);
    accounts = await createAccountsSubgraph({
      config: harness.config,
      logger,
      connection: accountsDb.connection,
      bus: harness.bus,
      pubsub: harness.pubsub,
    });
    accountsUrl = (await accounts.start(0)).url;
    const options = gatewayOptionsFromConfig(
      harness.config,
      [
        { name: 'accounts', url: accountsUrl },
        { name: 'alerts', url: harness.url },
      ],
      logger,
    );
    gateway = createGateway({ ...options, port: 0, host: '127.0.0.1' });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await accounts?.stop();
    await accountsDb?.close();
    await harness.stop();
  });

  const token = (roles: string[]) =>
    mintDevToken({
      subject: 'wall-1',
      roles: roles as never,
      tenants: ['demo'],
      ttlSeconds: 600,
      secret: harness.config.JWT_SECRET as string,
    });

  it('delivers the brute-force alert to a wall subscribed over graphql-ws, with the account display name', async () => {
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${await token(['SECURITY_ANALYST'])}` },
    });
    const iterator = client.iterate({
      query:
        'subscription { alertRaised(filter: { minSeverity: HIGH }) { rule severity status reasons account { id displayName } } }',
    });
    const first = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 500));

    await harness.record(...Array.from({ length: 10 }, (_, i) => failedLogin(i, JORDAN, '198.51.100.23')));
    const result = await first;
    expect(result.value).toMatchObject({
      data: {
        alertRaised: {
          rule: 'brute-force',
          severity: 'HIGH',
          status: 'OPEN',
          account: { id: JORDAN, displayName: 'Jordan Rivera' },
        },
      },
    });
    await iterator.return?.();
    await client.dispose();
  });

  it('lists alerts with the account resolved, and rejects a caller without a token', async () => {
    const query =
      '{ alerts(filter: { accountId: "acc-demo-jordan-rivera" }) { edges { node { rule account { displayName } } } } }';
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(['SUPERVISOR'])}` },
      body: JSON.stringify({ query }),
    });
    const json = (await response.json()) as { data?: { alerts: Page<unknown> }; errors?: unknown[] };
    expect(json.errors).toBeUndefined();
    expect(nodes(json.data?.alerts)).toEqual([{ rule: 'brute-force', account: { displayName: 'Jordan Rivera' } }]);

    const anonymous = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const anonymousJson = (await anonymous.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(anonymousJson.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads customer contact channels and opt-outs from the accounts subgraph, within the alert tenant only', async () => {
    const directory = new AccountsRecipientDirectory(accountsUrl, harness.config.GATEWAY_SIGNING_KEY);
    const found = await directory.recipientsFor('demo', [JORDAN, 'acc-nobody']);
    expect([...found.keys()]).toEqual([JORDAN]);
    expect(found.get(JORDAN)).toEqual({
      brand: 'Demo Bank',
      channels: [
        { channel: 'EMAIL', address: 'jordan.rivera@example.com', optedOut: false },
        { channel: 'SMS', address: '+15555550123', optedOut: false },
        { channel: 'PUSH', address: `push:${JORDAN}`, optedOut: true },
      ],
    });
    expect((await directory.recipientsFor('acme', [JORDAN])).size).toBe(0);
  });
});
