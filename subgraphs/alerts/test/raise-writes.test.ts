import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../src/adapters/mongo/alert.model.js';
import { alertModel } from '../src/adapters/mongo/alert.model.js';
import { alertSuppressionModel } from '../src/adapters/mongo/alert-suppression.model.js';
import { MongoNotificationJobs } from '../src/adapters/mongo/notification-job-queue.js';
import { notificationJobModel } from '../src/adapters/mongo/notification-job.model.js';
import { SuppressionWindows } from '../src/application/raising/suppression-window.js';
import type { Detection } from '../src/domain/finding.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

/**
 * The raise path's lean inserts (ADR 108): the suppression claim and the notification job are written without a
 * mongoose document, and store what the documents stored; a second write of the same key stays a no-op.
 */
describe('raise path writes', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  const detectedAt = new Date('2026-11-30T08:00:00.000Z');
  const detection: Detection = {
    tenantId: 'demo',
    ruleId: 'brute-force',
    mode: 'ALERT',
    severity: 'HIGH',
    accountId: 'acc-1',
    relatedAccountIds: [],
    groupKey: 'acc-1',
    suppressionKey: 'demo:brute-force:acc-1',
    suppressionMinutes: 30,
    detectedAt,
    triggerEventId: 'e-10',
    triggerEventIds: ['e-10'],
    magnitude: 10,
    reasons: {
      ruleId: 'brute-force',
      ruleName: 'Brute force',
      thresholds: { failures: 5 },
      values: { failures: 10 },
      evidenceEventIds: ['e-1', 'e-10'],
      explanation: 'Ten failed logins in five minutes.',
    },
  };
  const alert: AlertRecord = {
    _id: 'a'.repeat(24),
    tenantId: 'demo',
    ruleId: 'brute-force',
    ruleName: 'Brute force',
    severity: 'HIGH',
    status: 'OPEN',
    mode: 'ALERT',
    accountId: 'acc-1',
    relatedAccountIds: [],
    groupKey: 'acc-1',
    suppressionKey: detection.suppressionKey,
    detectedAt,
    raisedAt: detectedAt,
    lastSeenAt: detectedAt,
    triggerEventIds: ['e-10'],
    reasons: { thresholds: { failures: 5 }, values: { failures: 10 }, evidenceEventIds: ['e-1'], explanation: 'x' },
    evidence: [],
    magnitude: 10,
    announcedMagnitude: 10,
    correlatedAlertId: undefined,
    comments: [],
    history: [],
  };

  beforeAll(async () => {
    testDb = await startTestDb('raise-writes');
    db = testDb.db;
  });
  beforeEach(async () => {
    await notificationJobModel(db.connection).deleteMany({});
    await alertSuppressionModel(db.connection).deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('queues one notification job per alert, the alert as plain JSON without undefined fields, claimable as the alert', async () => {
    const model = notificationJobModel(db.connection);
    const jobs = new MongoNotificationJobs(model, { maxAttempts: 3, delayMs: () => 60_000, leaseMs: 60_000 });
    await jobs.enqueue([alert]);
    await jobs.enqueue([alert]); // a redelivered raise
    const stored = await model.collection.find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(Object.keys(stored[0]!).sort()).toEqual([
      '_id',
      'alert',
      'attempts',
      'createdAt',
      'nextAttemptAt',
      'status',
      'tenantId',
    ]);
    expect(stored[0]).toMatchObject({ _id: alert._id, tenantId: 'demo', status: 'QUEUED', attempts: 0 });
    expect(stored[0]!.alert).not.toHaveProperty('correlatedAlertId');
    expect(stored[0]!.alert).toMatchObject({ _id: alert._id, detectedAt: detectedAt.toISOString() });
    const [claimed] = await jobs.claimMany(10);
    expect(claimed?.alert).toEqual({ ...alert, correlatedAlertId: undefined });
  });

  it('claims a suppression window once: the stored window has exactly its three fields, a later detection joins it', async () => {
    const windows = new SuppressionWindows(alertModel(db.connection), alertSuppressionModel(db.connection));
    const until = new Date(detectedAt.getTime() + 30 * 60_000);
    expect(await windows.claim(detection, alert._id)).toEqual({ holder: alert._id, until });
    const stored = await alertSuppressionModel(db.connection).collection.find({}).toArray();
    expect(stored).toEqual([{ _id: detection.suppressionKey, alertId: alert._id, until }]);
    // Another instance's detection in the same window (its alert not stored yet): it joins the holder.
    const later = { ...detection, triggerEventId: 'e-11', triggerEventIds: ['e-11'] };
    expect(await windows.claim(later, 'b'.repeat(24))).toEqual({ holder: alert._id });
  });
});
