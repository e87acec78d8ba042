import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

/**
 * A page's evidence lookup names thousands of events (ADR 114): one read, which the embedded server answers id by
 * id from the `{ tenantId, eventId }` index (ADR 113; `plan.test.ts` pins that for a list of thousands), and every id
 * answered in the order given, with the chain position of those the history knows.
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
    history = mongoDetectionHistory(db.connection);
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('answers 2,600 ids (repeats and unknown ones among them) in one read, in the order given', async () => {
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
    expect(db.commands.count('find', 'detection_events')).toBe(1);
    // Another tenant's events are never cited.
    expect(await history.evidence('acme', ['e-1'])).toEqual([{ eventId: 'e-1' }]);
  });
});
