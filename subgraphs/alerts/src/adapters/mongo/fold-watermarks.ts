import { randomUUID } from 'node:crypto';
import type { DetectionRecordingModel, DetectionRecordingRecord } from './detection-recording.model.js';
import type { DetectionWatermarkModel } from './detection-watermark.model.js';
import { driverCollection } from './driver-collection.js';

/**
 * Carries the watermarks kept in `detection_watermarks` (before ADR 162) into the tenants' recording counts, where
 * detection now moves and reads them. Run at start-up, before detection follows the chain; idempotent (`$max`), so
 * every start may run it. A tenant with no count yet gets one at zero under a fresh epoch, as its first count would.
 * The old documents stay: an instance of the previous build running beside this one keeps its own. A watermark moved
 * there after this ran is not carried over until the next start — a lower watermark only judges an event that would
 * have been too late, it never skips one.
 */
export async function foldWatermarks(watermarks: DetectionWatermarkModel, recordings: DetectionRecordingModel): Promise<number> {
  const old = await watermarks.find({}, { _id: 1, newestEventAt: 1 }).lean();
  if (old.length === 0) return 0;
  await driverCollection<DetectionRecordingRecord>(recordings).bulkWrite(
    old.map((watermark) => ({
      updateOne: {
        filter: { _id: watermark._id },
        update: { $max: { newestEventAt: watermark.newestEventAt }, $setOnInsert: { epoch: randomUUID(), count: 0 } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return old.length;
}
