import { Schema, type Connection, type Model } from 'mongoose';
import type { TenantRecord } from '../../domain/records.js';

const tenantSchema = new Schema<TenantRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    settings: {
      timezone: { type: String, default: 'UTC' },
      locale: { type: String, default: 'en-US' },
      supportHours: { type: String, default: '00:00-24:00' },
      lockoutThreshold: { type: Number, default: 5 },
    },
  },
  { timestamps: true, collection: 'tenants' },
);

export function tenantModel(connection: Connection): Model<TenantRecord> {
  return (connection.models.Tenant as Model<TenantRecord> | undefined) ?? connection.model<TenantRecord>('Tenant', tenantSchema);
}
