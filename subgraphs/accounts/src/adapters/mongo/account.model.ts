import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { AccountRecord } from '../../domain/records.js';
import { ACCOUNT_STATUSES, CONTACT_CHANNEL_TYPES, MFA_FACTOR_TYPES } from '../../domain/vocabulary.js';

const accountSchema = new Schema<AccountRecord>(
  {
    _id: { type: String, default: () => `acc_${randomUUID()}` },
    tenantId: { type: String, required: true },
    externalRef: { type: String },
    status: { type: String, enum: [...ACCOUNT_STATUSES], default: 'ACTIVE' },
    displayName: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    phone: { type: String },
    mfaFactors: [
      {
        _id: false,
        id: { type: String, required: true },
        type: { type: String, enum: [...MFA_FACTOR_TYPES], required: true },
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
        // Chain positions of the first and latest sighting: what an erasure is compared with (ADR 152).
        firstSeenSequence: { type: Number },
        lastSeenSequence: { type: Number },
        trusted: { type: Boolean, default: false },
      },
    ],
    contactChannels: [
      {
        _id: false,
        type: { type: String, enum: [...CONTACT_CHANNEL_TYPES], required: true },
        address: { type: String, required: true },
        verified: { type: Boolean, default: false },
        alertsOptedOut: { type: Boolean, default: false },
      },
    ],
    riskScore: { type: Number, default: 0, min: 0, max: 100 },
    // When a new email / phone-kind address was last written; read by recovery-cases (ADR 150).
    contactChangedAt: { _id: false, type: { EMAIL: { type: Date }, PHONE: { type: Date } }, default: undefined },
    // Staff changes' audit records, written with the change and removed once in the activity chain (ADR 141).
    pendingActions: { type: [Schema.Types.Mixed], default: undefined },
  },
  { timestamps: true, collection: 'accounts' },
);
// Listing a tenant's accounts pages by id; one email per customer within a tenant.
accountSchema.index({ tenantId: 1, _id: 1 });
accountSchema.index({ tenantId: 1, email: 1 }, { unique: true });
// The action relay's sweep looks for accounts with audit records not yet in the chain.
accountSchema.index({ 'pendingActions.actionId': 1 }, { sparse: true });

export function accountModel(connection: Connection): Model<AccountRecord> {
  return (
    (connection.models.Account as Model<AccountRecord> | undefined) ?? connection.model<AccountRecord>('Account', accountSchema)
  );
}
