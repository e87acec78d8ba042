import { Schema, type Connection, type Model } from 'mongoose';
import type { ActivityCategory } from '@vigil/core';

/** Per-tenant activity settings: registered `custom.*` event types, retention periods, legal holds. */
export interface TenantSettingsDocument {
  tenantId: string;
  customTypes: { type: string; category: ActivityCategory; description: string; registeredBy: string; registeredAt: Date }[];
  retention: { defaultDays?: number; byCategory: { category: ActivityCategory; days: number }[] };
  legalHolds: { id: string; accountId?: string; reason: string; placedBy: string; placedAt: Date }[];
  /** Erasures running now (ADR 138): a legal hold covering one is refused until it ended. */
  /** Erasures begun and not finished (ADR 138, 143); `failedAt` once one failed part-way. */
  erasures?: { erasureId: string; accountId: string; since: Date; failedAt?: Date }[];
}

const schema = new Schema<TenantSettingsDocument>(
  {
    tenantId: { type: String, required: true },
    customTypes: [
      { _id: false, type: { type: String }, category: String, description: String, registeredBy: String, registeredAt: Date },
    ],
    retention: {
      _id: false,
      defaultDays: Number,
      byCategory: [{ _id: false, category: String, days: Number }],
    },
    legalHolds: [{ _id: false, id: String, accountId: String, reason: String, placedBy: String, placedAt: Date }],
    erasures: [{ _id: false, erasureId: String, accountId: String, since: Date, failedAt: Date }],
  },
  { collection: 'activity_tenant_settings', versionKey: false },
);
schema.index({ tenantId: 1 }, { unique: true });

export type TenantSettingsModel = Model<TenantSettingsDocument>;

export function tenantSettingsModel(connection: Connection): TenantSettingsModel {
  return (
    (connection.models.ActivityTenantSettings as TenantSettingsModel | undefined) ??
    connection.model<TenantSettingsDocument>('ActivityTenantSettings', schema)
  );
}
