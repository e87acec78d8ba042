import type { UpdateQuery } from 'mongoose';
import { MAX_CUSTOM_TYPES, MAX_LEGAL_HOLDS, type TenantSettingsStore } from '../../application/ports.js';
import type { TenantSettingsDocument, TenantSettingsModel } from './tenant-settings.model.js';

type BoundedList = 'customTypes' | 'legalHolds';

/** TenantSettingsStore on the settings collection: one document per tenant, upserted by each write. */
export function tenantSettingsStore(settings: TenantSettingsModel): TenantSettingsStore {
  const upsert = async (tenantId: string, update: UpdateQuery<TenantSettingsDocument>) => {
    await settings.updateOne({ tenantId }, update, { upsert: true });
  };

  /**
   * Appends `entry` unless the list holds `max` already — the bound is in the filter (no entry at index max - 1), so
   * concurrent appends cannot pass it together; `condition` adds to the filter. No match means a full list, a failed
   * condition or no document yet: the document is then created with the entry (no document fails no condition);
   * when another write created it first, the append is tried once more.
   */
  async function appendBounded<K extends BoundedList>(
    tenantId: string,
    list: K,
    entry: TenantSettingsDocument[K][number],
    max: number,
    condition: Record<string, unknown> = {},
  ): Promise<boolean> {
    const roomy = { tenantId, [`${list}.${max - 1}`]: { $exists: false }, ...condition };
    const append = { $push: { [list]: entry } };
    if ((await settings.updateOne(roomy, append)).matchedCount > 0) return true;
    const created = await settings.updateOne({ tenantId }, { $setOnInsert: { [list]: [entry] } }, { upsert: true });
    if (created.upsertedCount > 0) return true;
    return (await settings.updateOne(roomy, append)).matchedCount > 0;
  }

  return {
    find: (tenantId) => settings.findOne({ tenantId }).lean<TenantSettingsDocument>().exec(),
    addCustomType: (tenantId, custom) => appendBounded(tenantId, 'customTypes', custom, MAX_CUSTOM_TYPES),
    setRetention: (tenantId, retention) => upsert(tenantId, { $set: { retention } }),
    async addLegalHold(tenantId, hold) {
      const notErasing =
        hold.accountId !== undefined
          ? { erasures: { $not: { $elemMatch: { accountId: hold.accountId } } } }
          : { 'erasures.0': { $exists: false } };
      if (await appendBounded(tenantId, 'legalHolds', hold, MAX_LEGAL_HOLDS, notErasing)) return 'added';
      const full = await settings.exists({ tenantId, [`legalHolds.${MAX_LEGAL_HOLDS - 1}`]: { $exists: true } });
      return full ? 'full' : 'erasing';
    },
    async beginErasure(tenantId, erasure) {
      const unheld = {
        tenantId,
        legalHolds: { $not: { $elemMatch: { $or: [{ accountId: erasure.accountId }, { accountId: null }] } } },
      };
      const mark = { $push: { erasures: erasure } };
      if ((await settings.updateOne(unheld, mark)).matchedCount > 0) return true;
      const created = await settings.updateOne({ tenantId }, { $setOnInsert: { erasures: [erasure] } }, { upsert: true });
      if (created.upsertedCount > 0) return true;
      return (await settings.updateOne(unheld, mark)).matchedCount > 0;
    },
    async endErasure(tenantId, erasure) {
      const finished = {
        $or: [{ erasureId: erasure.erasureId }, { accountId: erasure.accountId, since: { $lte: erasure.since } }],
      };
      await settings.updateOne({ tenantId }, { $pull: { erasures: finished } });
    },
    async failErasure(tenantId, erasureId, failedAt) {
      await settings.updateOne({ tenantId, 'erasures.erasureId': erasureId }, { $set: { 'erasures.$.failedAt': failedAt } });
    },
    async removeLegalHold(tenantId, holdId) {
      const result = await settings.updateOne({ tenantId }, { $pull: { legalHolds: { id: holdId } } });
      return result.modifiedCount > 0;
    },
  };
}
