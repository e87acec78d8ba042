import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * Per tenant, how many recordings of its detection history were made: each instance's window cache checks that
 * the count moved only by its own recording (ADR 115). `epoch` is drawn when the count starts, so a count that
 * started over (the collection dropped) never looks like the one an instance knew. `newestEventAt` is the tenant's
 * watermark (the newest event time detection has seen), moved by the same write that counts a page's recording
 * (ADR 162; it lived in `detection_watermarks` before, folded in at start-up by `foldWatermarks`).
 */
export interface DetectionRecordingRecord {
  _id: string;
  count: number;
  epoch: string;
  newestEventAt?: Date;
}

const schema = new Schema<DetectionRecordingRecord>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    epoch: { type: String, required: true },
    newestEventAt: { type: Date },
  },
  { collection: 'detection_recordings', versionKey: false },
);

/** The model on this subgraph's own connection. */
export const detectionRecordingModel = ownModel('DetectionRecording', schema);
export type DetectionRecordingModel = ReturnType<typeof detectionRecordingModel>;
