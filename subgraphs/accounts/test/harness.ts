import { EmbeddedMongo } from '@vigil/embedded-mongo';
import {
  InMemoryEventBus,
  InMemoryPubSub,
  connectMongo,
  createLogger,
  loadConfig,
  callSubgraph,
  type SubgraphCallResult,
  type Identity,
  type MongoHandle,
  type Role,
  type SubgraphServer,
} from '@vigil/core';
import { ACCOUNTS_DB_NAME, createAccountsSubgraph, seedDemoTenant } from '@vigil/accounts';

/** What a call to the subgraph answers. */
export type GraphQLResponse<T = Record<string, unknown>> = SubgraphCallResult<T>;

/** The accounts subgraph on a real embedded MongoDB and a real HTTP port, seeded with the demo data. */
export async function startAccounts() {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const logger = createLogger({ name: 'accounts-test', level: 'silent' });
  const mongo = await EmbeddedMongo.start();
  const db: MongoHandle = await connectMongo(config, logger, { dbName: ACCOUNTS_DB_NAME, uri: mongo.uri });
  const bus = new InMemoryEventBus(logger);
  const pubsub = new InMemoryPubSub();
  await seedDemoTenant(db.connection);
  const server: SubgraphServer = await createAccountsSubgraph({ config, logger, connection: db.connection, bus, pubsub });
  const { url } = await server.start(0);

  function call(identity: Identity | undefined, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
    return callSubgraph(url, { query, variables }, { identity, signingKey: config.GATEWAY_SIGNING_KEY, audience: 'accounts' });
  }

  return {
    url,
    db,
    bus,
    call,
    async stop() {
      await server.stop();
      await bus.close();
      await pubsub.close();
      await db.close();
      await mongo.stop();
    },
  };
}

export function as(roles: Role[], tenantIds: string[] = ['demo'], subject = 'tester'): Identity {
  return { subject, roles, tenantIds, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
}
