import type { Connection, Model } from 'mongoose';
import { accountModel, type AccountDocument } from './account.model.js';
import { agentModel, type AgentDocument } from './agent.model.js';
import { tenantModel, type TenantDocument } from './tenant.model.js';

export * from './account.model.js';
export * from './agent.model.js';
export * from './tenant.model.js';

export interface AccountsModels {
  readonly Tenant: Model<TenantDocument>;
  readonly Account: Model<AccountDocument>;
  readonly Agent: Model<AgentDocument>;
}

/** The accounts subgraph's models, registered on its own connection (database `vigil_accounts`). */
export function createAccountsModels(connection: Connection): AccountsModels {
  return { Tenant: tenantModel(connection), Account: accountModel(connection), Agent: agentModel(connection) };
}
