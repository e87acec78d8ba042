import type { Connection } from 'mongoose';
import { alertModel } from '../../src/adapters/mongo/alert.model.js';
import { detectionEventModel } from '../../src/adapters/mongo/detection-event.model.js';
import { detectionRecordingModel } from '../../src/adapters/mongo/detection-recording.model.js';
import { MongoDetectionHistory } from '../../src/adapters/mongo/mongo-detection-history.js';
import type { HistoryQuery } from '../../src/domain/detection-history.js';
import { WindowCache } from '../../src/domain/window-cache.js';

/** The MongoDB detection history on a test's connection, with its own models (as the subgraph builds it). */
export function mongoDetectionHistory(connection: Connection): MongoDetectionHistory {
  return new MongoDetectionHistory(detectionEventModel(connection), alertModel(connection), detectionRecordingModel(connection));
}

/** Two instances' window caches over one store: what one applies, the other must see (ADR 115, 132, 134). */
export function twoInstanceCaches(connection: Connection): { here: WindowCache; elsewhere: WindowCache } {
  const store = mongoDetectionHistory(connection);
  return { here: new WindowCache(store), elsewhere: new WindowCache(store) };
}

/** One account's successful logins on 2 March 2026 (the test events' day) in `tenantId`. */
export function loginWindowOf(tenantId: string, accountId: string): HistoryQuery {
  return {
    tenantId,
    kind: 'LOGIN_SUCCEEDED',
    accountId,
    since: new Date('2026-03-02T00:00:00.000Z'),
    until: new Date('2026-03-03T00:00:00.000Z'),
  };
}
