import DataLoader from 'dataloader';
import { tenantFilter, type Identity, type SubgraphContext } from '@vigil/core';
import type { AccountsModels } from '../models/index.js';
import { toAccount, toAgent, toTenant } from './mappers.js';
import type { Account } from './types/account.type.js';
import type { Agent } from './types/agent.type.js';
import type { Tenant } from './types/tenant.type.js';

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

export function createAccountsLoaders(models: AccountsModels, identity: Identity): AccountsLoaders {
  return {
    accountById: new DataLoader(async (ids) => {
      const docs = await models.Account.find({ _id: { $in: [...ids] }, ...tenantFilter(identity) }).lean();
      return byId(ids, docs.map(toAccount));
    }),
    agentById: new DataLoader(async (ids) => {
      const docs = await models.Agent.find({ _id: { $in: [...ids] }, ...tenantFilter(identity, 'tenantIds') }).lean();
      return byId(ids, docs.map(toAgent));
    }),
    tenantById: new DataLoader(async (ids) => {
      const visible = ids.filter((id) => identity.tenantIds.includes(id));
      const docs = visible.length > 0 ? await models.Tenant.find({ _id: { $in: visible } }).lean() : [];
      return byId(ids, docs.map(toTenant));
    }),
  };
}

function byId<T extends { id: string }>(ids: readonly string[], items: T[]): (T | null)[] {
  const found = new Map(items.map((item) => [item.id, item]));
  return ids.map((id) => found.get(id) ?? null);
}
