import 'reflect-metadata';
import {
  createSubgraphServer,
  gatewayKeysFromConfig,
  metricsAccessFromConfig,
  type SubgraphDeps,
  type SubgraphServer,
} from '@vigil/core';
import { AccountResolver } from './graphql/resolvers/account.resolver.js';
import { AgentResolver } from './graphql/resolvers/agent.resolver.js';
import { TenantResolver } from './graphql/resolvers/tenant.resolver.js';
import { followDeviceInventory } from './events/device-inventory-consumer.js';
import { createAccountsLoaders, type AccountsContext } from './graphql/loaders.js';
import { unknownAccount } from './graphql/mappers.js';
import { createAccountsModels } from './models/index.js';
import { permissions } from './permissions.js';
import { accountsMetrics } from './metrics.js';

export { createAccountsModels, type AccountsModels } from './models/index.js';
export { seedDemoTenant, DEMO_SEED } from './seed.js';
export type { AccountsLoaders, AccountsContext } from './graphql/loaders.js';

/** The database the accounts subgraph owns. */
export const ACCOUNTS_DB_NAME = 'vigil_accounts';

/**
 * Composition root of the accounts subgraph: tenants, customer accounts (devices, factors, contact
 * channels and alert preferences) and agents. `deps.connection` must point at `vigil_accounts`.
 */
export async function createAccountsSubgraph(deps: SubgraphDeps): Promise<SubgraphServer> {
  const models = createAccountsModels(deps.connection);
  await Promise.all([models.Tenant.init(), models.Account.init(), models.Agent.init()]);
  const server = await createSubgraphServer({
    name: 'accounts',
    logger: deps.logger,
    gatewayKeys: gatewayKeysFromConfig(deps.config),
    resolvers: [new AccountResolver(models), new TenantResolver(models, deps.bus), new AgentResolver(models, deps.bus)],
    referenceResolvers: {
      // Walls get data, not an error, for an alert on an account this subgraph does not know.
      Account: async (reference, context: AccountsContext) => {
        const id = String(reference.id);
        return (await context.loaders.accountById.load(id)) ?? unknownAccount(id);
      },
      Agent: (reference, context: AccountsContext) => context.loaders.agentById.load(String(reference.id)),
      Tenant: (reference, context: AccountsContext) => context.loaders.tenantById.load(String(reference.id)),
    },
    permissions,
    createLoaders: (identity) => createAccountsLoaders(models, identity),
    pubsub: deps.pubsub,
    metrics: { ...metricsAccessFromConfig(deps.config), register: accountsMetrics(deps.connection) },
  });
  const deviceInventory = await followDeviceInventory(deps.bus, deps.connection, models, deps.logger);
  return {
    ...server,
    async stop() {
      await deviceInventory.stop();
      await server.stop();
    },
  };
}
