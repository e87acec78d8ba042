import 'reflect-metadata';
import {
  metricsAccessFromConfig,
  MongoActivityChainReader,
  periodicTask,
  startSubgraph,
  type SubgraphDeps,
  type SubgraphModule,
  type SubgraphServer,
} from '@vigil/core';
import type { AccountsDeps } from './application/ports.js';
import { accountActionRelay } from './adapters/events/account-action-relay.js';
import { busAdminAudit } from './adapters/events/admin-audit.js';
import { deviceInventoryTask } from './adapters/events/device-inventory-consumer.js';
import { MongoAccountRepository } from './adapters/mongo/account-repository.js';
import { MongoAgentRepository } from './adapters/mongo/agent-repository.js';
import { createAccountsModels } from './adapters/mongo/models.js';
import { MongoRecoveriesUnderWay } from './adapters/mongo/recoveries-under-way.js';
import { MongoTenantRepository } from './adapters/mongo/tenant-repository.js';
import { createAccountsLoaders, type AccountsContext, type AccountsLoaders } from './graphql/loaders/accounts-loaders.js';
import { unknownAccount } from './graphql/mappers/accounts-mappers.js';
import { AccountResolver } from './graphql/resolvers/account.resolver.js';
import { AgentResolver } from './graphql/resolvers/agent.resolver.js';
import { TenantResolver } from './graphql/resolvers/tenant.resolver.js';
import { accountsMetrics } from './metrics.js';
import { permissions } from './permissions.js';

export { createAccountsModels, type AccountsModels } from './adapters/mongo/models.js';
export { seedDemoTenant, DEMO_SEED } from './adapters/mongo/seed.js';
export type { AccountsLoaders, AccountsContext } from './graphql/loaders/accounts-loaders.js';

/**
 * How often audit records of staff changes still in their accounts are sent again (ADR 141). Each change flushes its
 * own at once; the sweep only catches those a crash or a bus outage left behind.
 */
const ACCOUNT_ACTION_SWEEP_MS = 30_000;

/** The database the accounts subgraph owns. */
export const ACCOUNTS_DB_NAME = 'vigil_accounts';

/**
 * The accounts subgraph: tenants, customer accounts (devices, factors, contact channels and alert preferences) and
 * agents. `deps.connection` must point at `vigil_accounts`. Background work: the device-inventory follower of the
 * activity chain, and the sweep of staff changes' audit records not yet in the chain.
 */
export const accountsModule: SubgraphModule<AccountsLoaders> = {
  name: 'accounts',
  dbName: ACCOUNTS_DB_NAME,
  async create(deps) {
    const models = createAccountsModels(deps.connection);
    await Promise.all([models.Tenant.init(), models.Account.init(), models.Agent.init()]);
    const accountActions = accountActionRelay(
      models.Account,
      deps.bus,
      new MongoActivityChainReader(deps.connection),
      deps.logger,
    );
    const app: AccountsDeps = {
      accounts: new MongoAccountRepository(models.Account),
      agents: new MongoAgentRepository(models.Agent),
      tenants: new MongoTenantRepository(models.Tenant),
      audit: busAdminAudit(deps.bus),
      accountActions,
      recoveries: new MongoRecoveriesUnderWay(deps.connection),
    };
    return {
      resolvers: [new AccountResolver(app), new TenantResolver(app), new AgentResolver(app)],
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
      createLoaders: (identity) => createAccountsLoaders(app, identity),
      pubsub: deps.pubsub,
      metrics: { ...metricsAccessFromConfig(deps.config), register: accountsMetrics(deps.connection) },
      backgroundTasks: [
        deviceInventoryTask(deps.bus, deps.connection, models, deps.logger),
        periodicTask({
          name: 'account-action-relay',
          intervalMs: ACCOUNT_ACTION_SWEEP_MS,
          runAtStart: true,
          logger: deps.logger,
          run: () => accountActions.sweep(),
        }),
      ],
    };
  },
};

export function createAccountsSubgraph(deps: SubgraphDeps): Promise<SubgraphServer> {
  return startSubgraph(accountsModule, deps);
}
