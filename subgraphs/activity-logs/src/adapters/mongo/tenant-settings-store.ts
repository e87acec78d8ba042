import type { UpdateQuery } from 'mongoose';
import type { TenantSettingsStore } from '../../application/ports.js';
import type { TenantSettingsDocument, TenantSettingsModel } from './tenant-settings.model.js';

/** TenantSettingsStore on the settings collection: one document per tenant, upserted by each write. */
export function tenantSettingsStore(settings: TenantSettingsModel): TenantSettingsStore {
  const upsert = async (tenantId: string, update: UpdateQuery<TenantSettingsDocument>) => {
    await settings.updateOne({ tenantId }, update, { upsert: true });
  };
  return {
    find: (tenantId) => settings.findOne({ tenantId }).lean<TenantSettingsDocument>().exec(),
    addCustomType: (tenantId, custom) => upsert(tenantId, { $push: { customTypes: custom } }),
    setRetention: (tenantId, retention) => upsert(tenantId, { $set: { retention } }),
    addLegalHold: (tenantId, hold) => upsert(tenantId, { $push: { legalHolds: hold } }),
    async removeLegalHold(tenantId, holdId) {
      const result = await settings.updateOne({ tenantId }, { $pull: { legalHolds: { id: holdId } } });
      return result.modifiedCount > 0;
    },
  };
}
