import { describe, expect, it } from 'vitest';
import { alertSuppressionModel, suppressionWindows } from '../src/adapters/mongo/alert-suppression.model.js';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import { RetentionSweeper } from '../src/application/retention-sweep.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

describe('rule state retention', () => {
  const harness = AlertsHarness.perSuite();

  it('drops rule-state events older than the longest lookback and expired suppression windows, keeping the rest', async () => {
    const connection = harness.db.connection;
    const events = detectionEventModel(connection);
    const suppressions = alertSuppressionModel(connection);
    const sweeper = new RetentionSweeper(mongoDetectionHistory(connection), suppressionWindows(suppressions));

    const now = new Date('2026-03-02T09:00:00.000Z');
    await harness.alerts.detection.handle({
      ...failedLogin(0, 'old'),
      occurredAt: new Date(now.getTime() - 200 * 86_400_000).toISOString(),
    });
    await harness.alerts.detection.handle({
      ...failedLogin(0, 'recent'),
      occurredAt: new Date(now.getTime() - 86_400_000).toISOString(),
    });
    await suppressions.create([
      { _id: 'demo|brute-force|old', alertId: 'a1', until: new Date(now.getTime() - 3 * 86_400_000) },
      { _id: 'demo|brute-force|live', alertId: 'a2', until: new Date(now.getTime() + 3_600_000) },
    ]);

    expect(await sweeper.sweep(now)).toEqual({ events: 1, suppressions: 1 });
    expect((await events.find({}, { accountId: 1 }).lean()).map((event) => event.accountId)).toEqual(['recent']);
    expect((await suppressions.find({}).lean()).map((doc) => doc._id)).toEqual(['demo|brute-force|live']);
  });
});
