import { Schema } from 'mongoose';
import { ownModel } from './own-model.js';

/**
 * Per tenant, how many recordings of its detection history were made: each instance's window cache checks that
 * the count moved only by its own recording (ADR 115). `epoch` is drawn when the count starts, so a count that
 * started over (the collection dropped) never looks like the one an instance knew.
 */
export interface DetectionRecordingRecord {
  _id: string;
  count: number;
  epoch: string;
}

const schema = new Schema<DetectionRecordingRecord>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    epoch: { type: String, required: true },
  },
  { collection: 'detection_recordings', versionKey: false },
);

/** The model on this subgraph's own connection. */
export const detectionRecordingModel = ownModel('DetectionRecording', schema);
export type DetectionRecordingModel = ReturnType<typeof detectionRecordingModel>;
