import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * Per tenant, the newest event time detection has seen. An event further behind it than the tenant's
 * lateness bound is kept for baselines but not judged (its windows are long closed).
 */
export interface DetectionWatermarkRecord {
  _id: string;
  newestEventAt: Date;
}

const schema = new Schema<DetectionWatermarkRecord>(
  {
    _id: { type: String, required: true },
    newestEventAt: { type: Date, required: true },
  },
  { collection: 'detection_watermarks', versionKey: false },
);

/** The model on this subgraph's own connection. */
export const detectionWatermarkModel = ownModel('DetectionWatermark', schema);
export type DetectionWatermarkModel = ReturnType<typeof detectionWatermarkModel>;
