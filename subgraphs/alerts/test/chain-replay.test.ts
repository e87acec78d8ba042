/**
 * Detection follows the activity chain from its saved offset: after a restart it picks up events nobody
 * announced on the bus, and even a full replay of the chain (offsets lost) doubles no alert — the handlers
 * are idempotent, which is what makes "the event in flight at a crash is handed over again" safe.
 */
import { CONSUMER_OFFSETS_COLLECTION } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { appendToActivityChain } from '@vigil/testing';
import { DETECTION_GROUP } from '../src/adapters/events/detection-consumer.js';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

const TENANT = 'replay';
const burst = (accountId: string, ip: string) =>
  Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i, accountId, ip), tenantId: TENANT }));

describe('detection resumes from the activity chain', () => {
  const harness = AlertsHarness.perSuite();

  const alertsOf = () => harness.db.connection.collection('alerts').find({ tenantId: TENANT }).toArray();

  it('raises the alert of a burst committed while it was down, without any bus message', async () => {
    await harness.alerts.stop();
    // Committed and announced while detection was stopped; the bus message died with the process.
    await appendToActivityChain(harness.db.connection, burst('acc-down', '198.51.100.40'));
    await harness.startAgain();

    const deadline = Date.now() + 30_000;
    while ((await alertsOf()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.alerts.detection.idle();
    expect((await alertsOf()).map((alert) => [alert.ruleId, alert.accountId])).toEqual([['brute-force', 'acc-down']]);
  });

  it('doubles nothing when the whole chain is replayed from the start (offsets lost)', async () => {
    await harness.record(...burst('acc-replay', '198.51.100.41'));
    const before = (await alertsOf()).map((alert) => alert._id).sort();
    expect(before).toHaveLength(2);

    await harness.db.connection.collection(CONSUMER_OFFSETS_COLLECTION).deleteMany({ group: DETECTION_GROUP, tenantId: TENANT });
    await harness.alerts.stop();
    await harness.startAgain();
    // The group exists, the tenant has no offset: it is followed from its first event again.
    const offsets = harness.db.connection.collection(CONSUMER_OFFSETS_COLLECTION);
    const deadline = Date.now() + 30_000;
    while (!(await offsets.findOne({ group: DETECTION_GROUP, tenantId: TENANT, sequence: 20 })) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await harness.alerts.detection.idle();
    expect(await offsets.findOne({ group: DETECTION_GROUP, tenantId: TENANT })).toMatchObject({ sequence: 20 });
    expect((await alertsOf()).map((alert) => alert._id).sort()).toEqual(before);
  });
});
