import { Schema, type Connection } from 'mongoose';

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

// overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
const register = (connection: Connection) => connection.model('DetectionWatermark', schema, undefined, { overwriteModels: true });
export type DetectionWatermarkModel = ReturnType<typeof register>;

export function detectionWatermarkModel(connection: Connection): DetectionWatermarkModel {
  return register(connection);
}
