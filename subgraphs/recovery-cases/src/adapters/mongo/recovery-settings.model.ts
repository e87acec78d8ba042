import { Schema, type Connection, type Model } from 'mongoose';
import type { SlaPolicy } from '../../domain/sla.js';
import type { VerificationPolicy } from '../../domain/verification-policy.js';

/** A tenant's recovery policy: verification requirements, lock threshold and SLA targets. */
export interface RecoverySettingsRecord {
  /** The tenant id. */
  _id: string;
  verification: VerificationPolicy;
  sla: SlaPolicy;
  updatedBy: string;
  updatedAt: Date;
}

const schema = new Schema<RecoverySettingsRecord>(
  {
    _id: { type: String, required: true },
    verification: { type: Schema.Types.Mixed, required: true },
    sla: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'recovery_settings', versionKey: false, minimize: false },
);

export type RecoverySettingsModel = Model<RecoverySettingsRecord>;

export function recoverySettingsModel(connection: Connection): RecoverySettingsModel {
  return (
    (connection.models.RecoverySettings as RecoverySettingsModel | undefined) ??
    connection.model<RecoverySettingsRecord>('RecoverySettings', schema)
  );
}
