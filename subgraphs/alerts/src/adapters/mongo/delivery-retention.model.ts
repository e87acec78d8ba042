import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * One document per tenant for the delivery retention sweep (ADR 146): the latest cut-off a retention purge of the
 * tenant named (written by detection as it applies the purge record) and where the sweep got to, so each pass
 * resumes there instead of reading the deliveries it already redacted again.
 */
export interface DeliveryRetentionRecord {
  /** The tenant id. */
  _id: string;
  purgedBefore?: Date;
  /** The creation time of the last delivery the sweep redacted. */
  sweptTo?: Date;
}

const schema = new Schema<DeliveryRetentionRecord>(
  {
    _id: { type: String, required: true },
    purgedBefore: Date,
    sweptTo: Date,
  },
  { collection: 'notification_retention', versionKey: false },
);

/** The model on this subgraph's own connection. */
export const deliveryRetentionModel = ownModel('NotificationRetention', schema);
export type DeliveryRetentionModel = ReturnType<typeof deliveryRetentionModel>;
