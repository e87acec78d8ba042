import type { SettingsRepository, StoredSettings } from '../../application/ports.js';
import type { RecoverySettingsModel } from './recovery-settings.model.js';

export class MongoSettingsRepository implements SettingsRepository {
  constructor(private readonly settings: RecoverySettingsModel) {}

  async find(tenantId: string): Promise<StoredSettings | undefined> {
    return (await this.settings.findById(tenantId).lean().exec()) ?? undefined;
  }

  async save(tenantId: string, settings: StoredSettings, updatedBy: string, at: Date): Promise<void> {
    await this.settings
      .replaceOne({ _id: tenantId }, { _id: tenantId, ...settings, updatedBy, updatedAt: at }, { upsert: true })
      .exec();
  }
}
