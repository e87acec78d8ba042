import type { Connection } from 'mongoose';
import { alertModel } from '../../src/adapters/mongo/alert.model.js';
import { detectionEventModel } from '../../src/adapters/mongo/detection-event.model.js';
import { detectionRecordingModel } from '../../src/adapters/mongo/detection-recording.model.js';
import { detectionWatermarkModel } from '../../src/adapters/mongo/detection-watermark.model.js';
import { MongoDetectionHistory } from '../../src/adapters/mongo/mongo-detection-history.js';

/** The MongoDB detection history on a test's connection, with its own models (as the subgraph builds it). */
export function mongoDetectionHistory(connection: Connection): MongoDetectionHistory {
  return new MongoDetectionHistory(
    detectionEventModel(connection),
    alertModel(connection),
    detectionWatermarkModel(connection),
    detectionRecordingModel(connection),
  );
}
