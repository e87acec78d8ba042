import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LeasedQueue } from '../src/adapters/mongo/leased-queue.js';
import {
  notificationJobModel,
  type NotificationJobModel,
  type NotificationJobRecord,
} from '../src/adapters/mongo/notification-job.model.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

/** The outbox's one claim/retry (jobs and deliveries share it), on a real embedded MongoDB. */
describe('leased queue', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let jobs: NotificationJobModel;
  const policy = { maxAttempts: 3, delayMs: () => 60_000, leaseMs: 60_000 };

  const job = (id: string, nextAttemptAt = new Date(Date.now() - 1_000)): NotificationJobRecord => ({
    _id: id,
    tenantId: 'demo',
    alert: {},
    status: 'QUEUED',
    attempts: 0,
    nextAttemptAt,
    createdAt: new Date(),
  });

  beforeAll(async () => {
    testDb = await startTestDb('leased-queue');
    db = testDb.db;
    jobs = notificationJobModel(db.connection);
  });
  beforeEach(async () => {
    await jobs.deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('hands a due document to one claimer at a time, counting the attempt, and never one not yet due', async () => {
    await jobs.create([job('due'), job('later', new Date(Date.now() + 3_600_000))]);
    const queue = new LeasedQueue(jobs, policy);
    const claims = await Promise.all([queue.claim(), queue.claim(), queue.claim()]);
    const claimed = claims.filter((claim) => claim !== null);
    expect(claimed.map((claim) => [claim._id, claim.attempts])).toEqual([['due', 1]]);
    expect(await queue.claim()).toBeNull();
  });

  it('a failure backs off with the reason; the last allowed attempt dead-letters', async () => {
    await jobs.create([job('flaky')]);
    const queue = new LeasedQueue(jobs, { ...policy, delayMs: () => 0, leaseMs: 60_000 });
    const outcomes = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const claimed = (await queue.claim()) as NotificationJobRecord;
      expect(claimed.attempts).toBe(attempt);
      outcomes.push(await queue.fail(claimed, new Error(`refused ${attempt}`)));
    }
    expect(outcomes.map((outcome) => outcome.dead)).toEqual([false, false, true]);
    const stored = await jobs.findById('flaky').lean();
    expect(stored).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'refused 3' });
    expect(stored?.leaseUntil).toBeUndefined();
    expect(await queue.claim()).toBeNull();
  });

  it('completing clears the lease and the last error', async () => {
    await jobs.create([job('ok')]);
    const queue = new LeasedQueue(jobs, { ...policy, delayMs: () => 0 });
    await queue.fail((await queue.claim()) as NotificationJobRecord, new Error('x'.repeat(1_000)));
    const retried = (await queue.claim()) as NotificationJobRecord;
    expect(retried.lastError).toHaveLength(300);
    await queue.complete(retried._id, { status: 'DONE' });
    const stored = await jobs.findById('ok').lean();
    expect(stored).toMatchObject({ status: 'DONE', attempts: 2 });
    expect(stored?.lastError).toBeUndefined();
    expect(stored?.leaseUntil).toBeUndefined();
  });
});
