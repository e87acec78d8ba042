import { Schema, type Connection, type Model } from 'mongoose';

export interface TenantSettings {
  timezone: string;
  locale: string;
  /** Support hours used by SLA timers, e.g. `09:00-18:00`. */
  supportHours: string;
  /** Failed logins before an account is locked. */
  lockoutThreshold: number;
}

export interface TenantDocument {
  /** The slug, e.g. `demo`: tenant ids appear in tokens and URLs, so they are readable. */
  _id: string;
  name: string;
  settings: TenantSettings;
  createdAt: Date;
  updatedAt: Date;
}

const tenantSchema = new Schema<TenantDocument>(
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

export function tenantModel(connection: Connection): Model<TenantDocument> {
  return (
    (connection.models.Tenant as Model<TenantDocument> | undefined) ?? connection.model<TenantDocument>('Tenant', tenantSchema)
  );
}
