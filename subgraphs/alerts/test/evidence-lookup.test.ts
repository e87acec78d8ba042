import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel } from '../src/adapters/mongo/alert.model.js';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import { detectionWatermarkModel } from '../src/adapters/mongo/detection-watermark.model.js';
import { EVIDENCE_READ_SLICE, MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

/**
 * A page's evidence lookup names thousands of events (ADR 114): it is read in slices the index answers id by id,
 * and still answers every id in the order given, with the chain position of those the history knows.
 */
describe('the evidence lookup of a page', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let history: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('evidence-lookup', { monitorCommands: true });
    db = testDb.db;
    const events = detectionEventModel(db.connection);
    await events.createIndexes();
    history = new MongoDetectionHistory(events, alertModel(db.connection), detectionWatermarkModel(db.connection));
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('answers 2,600 ids (repeats and unknown ones among them) in slices, in the order given', async () => {
    const stored: DetectionEvent[] = Array.from({ length: 3000 }, (_, i) => ({
      eventId: `e-${i}`,
      tenantId: 'demo',
      accountId: `acc-${i % 40}`,
      type: 'user.authentication.failed',
      kinds: ['LOGIN_FAILED'],
      outcome: 'FAILURE',
      occurredAt: new Date(Date.UTC(2026, 10, 30, 8, 0, 0, i)),
      sequence: i + 1,
      hash: `h-${i}`,
    }));
    await history.record(stored);
    // Every other stored event from the end, a few twice, and ids the history never saw.
    const asked = [
      ...Array.from({ length: 1300 }, (_, i) => `e-${2999 - 2 * i}`),
      'e-2999',
      'e-1',
      'unknown-1',
      ...Array.from({ length: 1297 }, (_, i) => `e-${2 * i}`),
    ];
    db.commands.reset();

    const refs = await history.evidence('demo', asked);

    expect(refs.map((ref) => ref.eventId)).toEqual(asked);
    for (const ref of refs) {
      if (ref.eventId === 'unknown-1') expect(ref).toEqual({ eventId: 'unknown-1' });
      else {
        const n = Number(ref.eventId.slice(2));
        expect(ref).toEqual({ eventId: ref.eventId, sequence: n + 1, hash: `h-${n}` });
      }
    }
    const distinct = new Set(asked).size;
    expect(db.commands.count('find', 'detection_events')).toBe(Math.ceil(distinct / EVIDENCE_READ_SLICE));
    // Another tenant's events are never cited.
    expect(await history.evidence('acme', ['e-1'])).toEqual([{ eventId: 'e-1' }]);
  });
});
