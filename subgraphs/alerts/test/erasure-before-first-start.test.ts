/**
 * ADR 147: an erasure recorded in the chain before alerts' detection group first ran (a consumer group that is new,
 * or whose offsets were lost) still reaches the account's alerts once detection starts, although the group starts
 * at the chain's head, past the record.
 */
import { CONSUMER_OFFSETS_COLLECTION, VIGIL_EVENT_TYPES } from '@vigil/core';
import { appendToActivityChain, waitUntil } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { DETECTION_GROUP } from '../src/adapters/events/detection-consumer.js';
import { AlertsHarness } from './support/harness.js';
import { activity, at, failedLogin } from './support/events.js';

const ERASED_IP = '203.0.113.77';
const KEPT_IP = '198.51.100.91';
const TENANT = 'erased-before-start';

const attack = (accountId: string, ip: string) =>
  Array.from({ length: 11 }, (_, index) => ({ ...failedLogin(index, accountId, ip), tenantId: TENANT }));

describe('an erasure recorded before detection first ran', () => {
  const harness = AlertsHarness.perSuite();
  const storedAlerts = async () =>
    JSON.stringify(await harness.db.connection.collection('alerts').find({ tenantId: TENANT }).toArray());

  it("redacts the account's alerts once detection starts, and leaves another account's alone", async () => {
    await harness.record(...attack('acc-erased', ERASED_IP), ...attack('acc-kept', KEPT_IP));
    expect(await storedAlerts()).toContain(ERASED_IP);

    // alerts stops; while it is down the account is erased, and its detection group is as if it never ran.
    await harness.alerts.stop();
    const erasure = activity({
      type: VIGIL_EVENT_TYPES.accountErased,
      tenantId: TENANT,
      accountId: 'acc-erased',
      category: 'system',
      outcome: 'SUCCESS',
      occurredAt: at(30),
      actor: { type: 'SYSTEM', id: 'agent-admin' },
    });
    await appendToActivityChain(harness.db.connection, [erasure]);
    await harness.db.connection.collection(CONSUMER_OFFSETS_COLLECTION).deleteMany({ group: { $regex: `^${DETECTION_GROUP}` } });

    await harness.startAgain();
    await waitUntil(async () => !(await storedAlerts()).includes(ERASED_IP), 10_000).catch(() => undefined);
    const stored = await storedAlerts();
    expect(stored).not.toContain(ERASED_IP);
    expect(stored).toContain(KEPT_IP);
  });
});
