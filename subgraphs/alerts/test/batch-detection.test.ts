/**
 * Detection judges a page of the activity chain as one batch (ADR 102): the ten failed logins of one call raise
 * exactly one alert, announced once, and a batch handed over again after a crash (its offset never saved) raises
 * nothing new and announces nothing again.
 */
import { CONSUMER_OFFSETS_COLLECTION, TOPICS, type AlertRaisedPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTION_GROUP } from '../src/adapters/events/detection-consumer.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

const TENANT = 'batch';
const burst = (accountId: string, ip: string) =>
  Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i * 0.2, accountId, ip), tenantId: TENANT }));

describe('detection of a batch', () => {
  const harness = new AlertsHarness();
  const raised: AlertRaisedPayload[] = [];
  beforeAll(async () => {
    await harness.start();
    await harness.bus.subscribe<AlertRaisedPayload>(TOPICS.alertRaised, 'test-batch-walls', async (message) => {
      raised.push(message.payload);
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const alerts = () => harness.db.connection.collection('alerts').find({ tenantId: TENANT }).sort({ _id: 1 }).toArray();
  const offsets = () => harness.db.connection.collection(CONSUMER_OFFSETS_COLLECTION);

  it('raises one alert for ten failed logins recorded in one call, announced once, each event counted once', async () => {
    await harness.record(...burst('acc-batch', '198.51.100.61'));
    await harness.bus.idle();
    const stored = await alerts();
    expect(stored.map((alert) => [alert.ruleId, alert.accountId, alert.magnitude])).toEqual([['brute-force', 'acc-batch', 10]]);
    expect(stored[0]?.reasons.evidenceEventIds).toHaveLength(10);
    expect(raised.filter((payload) => payload.tenantId === TENANT).map((payload) => payload.alertId)).toEqual([stored[0]?._id]);
    const history = harness.db.connection.collection('detection_events');
    expect(await history.countDocuments({ tenantId: TENANT })).toBe(10);
  });

  it('raises and announces nothing again when the batch is handed over after a crash before its offset was saved', async () => {
    const before = await alerts();
    const announced = raised.length;
    // The crash: detection stopped, its saved position for the tenant lost, as if it died before writing it.
    await harness.alerts.stop();
    await offsets().deleteMany({ group: DETECTION_GROUP, tenantId: TENANT });
    await harness.startAgain();
    const deadline = Date.now() + 30_000;
    while (!(await offsets().findOne({ group: DETECTION_GROUP, tenantId: TENANT, sequence: 10 })) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await harness.alerts.detection.idle();
    await harness.bus.idle();
    expect(await offsets().findOne({ group: DETECTION_GROUP, tenantId: TENANT })).toMatchObject({ sequence: 10 });
    expect(await alerts()).toEqual(before);
    expect(raised).toHaveLength(announced);
  });
});
