import type { Identity, SubgraphContext } from '@vigil/core';
import DataLoader from 'dataloader';
import type { RecoveryQueries } from '../../application/case-queries.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoverySettings, SettingsService } from '../../application/settings.js';

/** Per-request loaders: one `find` with `$in` per entity list, always scoped to the caller's tenants. */
export interface RecoveryLoaders {
  readonly caseById: DataLoader<string, RecoveryCaseRecord | null>;
  readonly casesByAccount: DataLoader<string, RecoveryCaseRecord[]>;
  readonly casesByAssignee: DataLoader<string, RecoveryCaseRecord[]>;
  readonly casesByAlert: DataLoader<string, RecoveryCaseRecord[]>;
  readonly settingsByTenant: DataLoader<string, RecoverySettings>;
}

export type RecoveryContext = SubgraphContext<RecoveryLoaders>;

function grouped(
  queries: RecoveryQueries,
  identity: Identity,
  field: 'accountId' | 'assigneeId' | 'linkedAlertIds',
): DataLoader<string, RecoveryCaseRecord[]> {
  return new DataLoader(async (keys) => {
    const found = await queries.byField(identity, field, keys);
    const byKey = new Map<string, RecoveryCaseRecord[]>(keys.map((k) => [k, []]));
    for (const record of found) {
      const values = field === 'linkedAlertIds' ? record.linkedAlertIds : [record[field] ?? ''];
      for (const value of values) byKey.get(value)?.push(record);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

export function createRecoveryLoaders(queries: RecoveryQueries, settings: SettingsService, identity: Identity): RecoveryLoaders {
  return {
    caseById: new DataLoader(async (ids) => {
      const found = new Map((await queries.byField(identity, '_id', ids)).map((r) => [r._id, r]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    casesByAccount: grouped(queries, identity, 'accountId'),
    casesByAssignee: grouped(queries, identity, 'assigneeId'),
    casesByAlert: grouped(queries, identity, 'linkedAlertIds'),
    settingsByTenant: new DataLoader(async (tenantIds) => Promise.all(tenantIds.map((t) => settings.forTenant(t)))),
  };
}
