import type { Model } from 'mongoose';
import type { TenantRepository, Written } from '../../application/ports.js';
import type { TenantRecord, TenantSettings } from '../../domain/records.js';
import { unlessDuplicate } from './unless-duplicate.js';

export class MongoTenantRepository implements TenantRepository {
  constructor(private readonly tenants: Model<TenantRecord>) {}

  byIds(ids: readonly string[]): Promise<TenantRecord[]> {
    return this.tenants
      .find({ _id: { $in: [...ids] } })
      .lean<TenantRecord[]>()
      .exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.tenants.exists({ _id: id })) !== null;
  }

  create(tenant: { id: string; name: string; settings: Partial<TenantSettings> }): Promise<Written<TenantRecord>> {
    return unlessDuplicate(async () => {
      return (await this.tenants.create({ _id: tenant.id, name: tenant.name, settings: tenant.settings })).toObject();
    });
  }

  /** Settings are set key by key, so a change of one leaves the others as they are. */
  async update(id: string, changes: { name?: string; settings: Partial<TenantSettings> }): Promise<TenantRecord | undefined> {
    const set: Record<string, unknown> = {};
    if (changes.name !== undefined) set.name = changes.name;
    for (const [key, value] of Object.entries(changes.settings)) set[`settings.${key}`] = value;
    const updated = await this.tenants
      .findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', runValidators: true })
      .lean<TenantRecord>()
      .exec();
    return updated ?? undefined;
  }
}
