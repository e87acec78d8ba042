import { compactOverride, type TenantDetectionSettings } from '../../domain/tenant-rules.js';
import type { DetectionSettingsStore } from '../../application/ports.js';
import type { DetectionSettingsModel } from './detection-settings.model.js';

/** A tenant's detection settings in `detection_settings` (one document per tenant, upserted). */
export class MongoDetectionSettingsStore implements DetectionSettingsStore {
  constructor(private readonly settings: DetectionSettingsModel) {}

  async read(tenantId: string): Promise<TenantDetectionSettings | null> {
    const stored = await this.settings.findById(tenantId).lean();
    if (stored === null) return null;
    return {
      tenantId,
      ipAllowlist: stored.ipAllowlist,
      overrides: stored.overrides.map(compactOverride),
      latenessMinutes: stored.latenessMinutes ?? undefined,
    };
  }

  async save(settings: TenantDetectionSettings, by: string): Promise<void> {
    await this.settings.updateOne(
      { _id: settings.tenantId },
      {
        $set: {
          ipAllowlist: [...settings.ipAllowlist],
          overrides: [...settings.overrides],
          ...(settings.latenessMinutes !== undefined ? { latenessMinutes: settings.latenessMinutes } : {}),
          updatedAt: new Date(),
          updatedBy: by,
        },
      },
      { upsert: true },
    );
  }
}
