import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Per-account secret material: the HMAC key that commits the account's PII into the chain, and the
 * first-seen sets (device fingerprints and countries, stored as HMACs under the same key so the set
 * itself holds no readable PII). Erasure deletes this document: the crypto-shred.
 */
export interface AccountKeyDocument {
  tenantId: string;
  accountId: string;
  key: Buffer;
  seenDevices: string[];
  seenCountries: string[];
  createdAt: Date;
}

const schema = new Schema<AccountKeyDocument>(
  {
    tenantId: { type: String, required: true },
    accountId: { type: String, required: true },
    key: { type: Buffer, required: true },
    seenDevices: { type: [String], default: [] },
    seenCountries: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'activity_account_keys', versionKey: false },
);
schema.index({ tenantId: 1, accountId: 1 }, { unique: true });

export type AccountKeyModel = Model<AccountKeyDocument>;

export function accountKeyModel(connection: Connection): AccountKeyModel {
  return (
    (connection.models.ActivityAccountKey as AccountKeyModel | undefined) ??
    connection.model<AccountKeyDocument>('ActivityAccountKey', schema)
  );
}
