import { Schema, type Connection, type Model } from 'mongoose';
import type { SignedHead } from '../../domain/signed-head.js';

/** Signed chain heads (one per appended batch); retention never deletes them (they anchor verification after a purge). */
export type CheckpointDocument = SignedHead & { readonly createdAt: Date };

const schema = new Schema<CheckpointDocument>(
  {
    tenantId: { type: String, required: true },
    sequence: { type: Number, required: true },
    hash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    keyId: { type: String, required: true },
    signature: { type: String, required: true },
  },
  { collection: 'activity_checkpoints', versionKey: false },
);
schema.index({ tenantId: 1, sequence: 1 }, { unique: true });

export type CheckpointModel = Model<CheckpointDocument>;

export function checkpointModel(connection: Connection): CheckpointModel {
  return (
    (connection.models.ActivityCheckpoint as CheckpointModel | undefined) ??
    connection.model<CheckpointDocument>('ActivityCheckpoint', schema)
  );
}
