import type { Connection, Model } from 'mongoose';
import type { AccountRecord, AgentRecord, TenantRecord } from '../../domain/records.js';
import { accountModel } from './account.model.js';
import { agentModel } from './agent.model.js';
import { tenantModel } from './tenant.model.js';

export interface AccountsModels {
  readonly Tenant: Model<TenantRecord>;
  readonly Account: Model<AccountRecord>;
  readonly Agent: Model<AgentRecord>;
}

/** The accounts subgraph's models, registered on its own connection (database `vigil_accounts`). */
export function createAccountsModels(connection: Connection): AccountsModels {
  return { Tenant: tenantModel(connection), Account: accountModel(connection), Agent: agentModel(connection) };
}
