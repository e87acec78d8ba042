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

  it('claims due documents in batches: oldest due first, each to one claimer, the attempt counted, never one leased', async () => {
    const now = Date.now();
    await jobs.create([
      ...Array.from({ length: 30 }, (_, index) => job(`due-${String(index).padStart(2, '0')}`, new Date(now - 60_000 + index))),
      job('later', new Date(now + 3_600_000)),
    ]);
    const queue = new LeasedQueue(jobs, policy);
    // Four claimers at once, up to 10 each: the 30 due ones are shared out, none twice.
    const batches = await Promise.all([queue.claimMany(10), queue.claimMany(10), queue.claimMany(10), queue.claimMany(10)]);
    const ids = batches.flat().map((claimed) => claimed._id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(batches.every((batch) => batch.length <= 10)).toBe(true);
    expect(batches.flat().every((claimed) => claimed.attempts === 1 && claimed.leaseUntil !== undefined)).toBe(true);
    // Whatever the race left is claimed next, oldest due first; the one not due never.
    const rest = await queue.claimMany(50);
    expect([...ids, ...rest.map((claimed) => claimed._id)].sort()).toEqual(
      Array.from({ length: 30 }, (_, index) => `due-${String(index).padStart(2, '0')}`),
    );
    expect(rest.map((claimed) => claimed._id)).toEqual([...rest.map((claimed) => claimed._id)].sort());
    expect(await queue.claimMany(50)).toEqual([]);
    await queue.completeMany(ids, { status: 'DONE' });
    expect(await jobs.countDocuments({ status: 'DONE', leaseUntil: { $exists: false } })).toBe(ids.length);
  });

  it('a batch whose lease ran out is claimed again (a worker that died mid-batch)', async () => {
    await jobs.create([job('a'), job('b')]);
    const short = new LeasedQueue(jobs, { ...policy, leaseMs: 1 });
    expect((await short.claimMany(10)).map((claimed) => claimed._id).sort()).toEqual(['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await short.claimMany(10);
    expect(again.map((claimed) => [claimed._id, claimed.attempts]).sort()).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});
