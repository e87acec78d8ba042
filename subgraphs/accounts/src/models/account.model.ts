import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { AccountStatus, ContactChannelType, MfaFactorType } from '../domain/enums.js';

export interface MfaFactorRecord {
  id: string;
  type: MfaFactorType;
  label: string;
  addedAt: Date;
  lastUsedAt?: Date;
}

export interface KnownDeviceRecord {
  deviceId: string;
  label: string;
  userAgent?: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  trusted: boolean;
}

export interface ContactChannelRecord {
  type: ContactChannelType;
  /** Email address, phone number, push token id or web inbox id. */
  address: string;
  verified: boolean;
  /** The customer opted out of non-critical alerts on this channel (critical alerts are still sent). */
  alertsOptedOut: boolean;
}

export interface AccountDocument {
  _id: string;
  tenantId: string;
  /** The client's own id for this customer (CRM), unique per tenant when set. */
  externalRef?: string;
  status: AccountStatus;
  displayName: string;
  email: string;
  phone?: string;
  mfaFactors: MfaFactorRecord[];
  knownDevices: KnownDeviceRecord[];
  contactChannels: ContactChannelRecord[];
  riskScore: number;
  createdAt: Date;
  updatedAt: Date;
}

const accountSchema = new Schema<AccountDocument>(
  {
    _id: { type: String, default: () => `acc_${randomUUID()}` },
    tenantId: { type: String, required: true },
    externalRef: { type: String },
    status: { type: String, enum: Object.values(AccountStatus), default: AccountStatus.ACTIVE },
    displayName: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    phone: { type: String },
    mfaFactors: [
      {
        _id: false,
        id: { type: String, required: true },
        type: { type: String, enum: Object.values(MfaFactorType), required: true },
        label: { type: String, required: true },
        addedAt: { type: Date, required: true },
        lastUsedAt: { type: Date },
      },
    ],
    knownDevices: [
      {
        _id: false,
        deviceId: { type: String, required: true },
        label: { type: String, required: true },
        userAgent: { type: String },
        firstSeenAt: { type: Date, required: true },
        lastSeenAt: { type: Date, required: true },
        trusted: { type: Boolean, default: false },
      },
    ],
    contactChannels: [
      {
        _id: false,
        type: { type: String, enum: Object.values(ContactChannelType), required: true },
        address: { type: String, required: true },
        verified: { type: Boolean, default: false },
        alertsOptedOut: { type: Boolean, default: false },
      },
    ],
    riskScore: { type: Number, default: 0, min: 0, max: 100 },
  },
  { timestamps: true, collection: 'accounts' },
);
// Listing a tenant's accounts pages by id; one email per customer within a tenant.
accountSchema.index({ tenantId: 1, _id: 1 });
accountSchema.index({ tenantId: 1, email: 1 }, { unique: true });

export function accountModel(connection: Connection): Model<AccountDocument> {
  return (
    (connection.models.Account as Model<AccountDocument> | undefined) ??
    connection.model<AccountDocument>('Account', accountSchema)
  );
}
