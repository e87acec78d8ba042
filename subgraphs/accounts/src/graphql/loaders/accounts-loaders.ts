import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@vigil/core';
import type { AccountsDeps } from '../../application/ports.js';
import { toAccount, toAgent, toTenant } from '../mappers/accounts-mappers.js';
import type { Account } from '../types/account.type.js';
import type { Agent } from '../types/agent.type.js';
import type { Tenant } from '../types/tenant.type.js';

/**
 * Per-request loaders: every lookup by id in one request — queries, nested fields, federation
 * `_entities` — becomes ONE `find` with `$in` per entity type, already restricted to the caller's
 * tenants. What the caller may not see loads as `null`, exactly like what does not exist.
 */
export interface AccountsLoaders {
  readonly accountById: DataLoader<string, Account | null>;
  readonly agentById: DataLoader<string, Agent | null>;
  readonly tenantById: DataLoader<string, Tenant | null>;
}

export type AccountsContext = SubgraphContext<AccountsLoaders>;

export function createAccountsLoaders(deps: AccountsDeps, identity: Identity): AccountsLoaders {
  return {
    accountById: new DataLoader(async (ids) => byId(ids, (await deps.accounts.byIds(ids, identity.tenantIds)).map(toAccount))),
    agentById: new DataLoader(async (ids) => byId(ids, (await deps.agents.byIds(ids, identity.tenantIds)).map(toAgent))),
    tenantById: new DataLoader(async (ids) => {
      const visible = ids.filter((id) => identity.tenantIds.includes(id));
      const found = visible.length > 0 ? await deps.tenants.byIds(visible) : [];
      return byId(ids, found.map(toTenant));
    }),
  };
}

function byId<T extends { id: string }>(ids: readonly string[], items: T[]): (T | null)[] {
  const found = new Map(items.map((item) => [item.id, item]));
  return ids.map((id) => found.get(id) ?? null);
}
