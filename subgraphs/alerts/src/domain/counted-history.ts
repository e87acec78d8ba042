import type { ErasableHistory } from './account-erasure.js';
import type { DetectionEvent } from './detection-event.js';
import type { DetectionHistory, EvidenceRef } from './detection-history.js';
import type { PurgeableHistory } from './retention-purge.js';

/** A tenant's recordings so far, as the store counts them: `epoch` changes when the count starts over. */
export interface RecordingCount {
  readonly epoch: string;
  readonly count: number;
}

/** A recording as counted, with the tenant's watermark when the count moved it (ADR 162). */
export interface CountedRecording extends RecordingCount {
  readonly newestEventAt?: Date;
}

/** What the cache needs of the shared store beneath it (MongoDetectionHistory). */
export interface CountedHistory extends DetectionHistory, ErasableHistory, PurgeableHistory {
  /**
   * Counts one recording of the tenant's history, made after its events were stored; with `newestEventAt`, the same
   * write moves the tenant's watermark forward to it (ADR 162) and answers the watermark.
   */
  countRecording(tenantId: string, newestEventAt?: Date): Promise<CountedRecording>;
  /** The tenant's recordings so far (undefined before the first). */
  recordingCount(tenantId: string): Promise<RecordingCount | undefined>;
  /** The event as a read of the store returns it (only the stored fields). */
  asRead(event: DetectionEvent): DetectionEvent;
  evidence(tenantId: string, eventIds: readonly string[]): Promise<EvidenceRef[]>;
  purgeBefore(cutoff: Date): Promise<number>;
}
