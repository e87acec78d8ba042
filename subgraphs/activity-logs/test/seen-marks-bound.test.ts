/**
 * An account's seen sets under a device spray (ADR 122): a brute-force tool sending a new device id with every failed
 * login must not grow the account's key document without bound. The first MAX_SEEN_MARKS devices are remembered;
 * a device past them is reported first seen every time (it is not known) and never stored; a known device stays
 * known; batches of one account recorded at once do not pass the bound together; a set stored past the bound before
 * there was one is trimmed to its first marks.
 */
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { MAX_SEEN_MARKS } from '../src/application/ports.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

interface Recorded {
  recordActivities: { recordedCount: number; events: { firstSeenDevice: boolean; firstSeenCountry: boolean }[] };
}

describe("an account's seen sets under a device spray", () => {
  const harness = perSuite(startActivityLogs);

  const record = async (tenantId: string, events: Record<string, unknown>[]) => {
    const result = await harness().call<Recorded>(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
    expect(result.errors).toBeUndefined();
    return result.data!.recordActivities.events;
  };
  const sprayed = (accountId: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => failedLogin(accountId, { deviceId: `spray-device-${from + i}` }));
  const seenDevicesOf = async (tenantId: string, accountId: string) => {
    const key = await harness().db.connection.collection('activity_account_keys').findOne({ tenantId, accountId });
    return (key?.seenDevices ?? []) as string[];
  };

  it('remembers the first devices only, and reports each device past them first seen every time', async () => {
    const tenant = 'spray-one';
    const first = await record(tenant, sprayed('acct-sprayed', 0, 1_000));
    const second = await record(tenant, sprayed('acct-sprayed', 1_000, 200));
    expect(first.filter((event) => event.firstSeenDevice)).toHaveLength(1_000);
    expect(second.every((event) => event.firstSeenDevice)).toBe(true);
    const stored = await seenDevicesOf(tenant, 'acct-sprayed');
    expect(stored).toHaveLength(MAX_SEEN_MARKS);

    // A device it remembers stays known; one past the bound is still unknown when it comes back.
    const [known, unknownAgain] = await record(tenant, [...sprayed('acct-sprayed', 5, 1), ...sprayed('acct-sprayed', 1_100, 1)]);
    expect(known!.firstSeenDevice).toBe(false);
    expect(unknownAgain!.firstSeenDevice).toBe(true);
    // The country of the spray was seen once, at the start: the device bound does not touch the country set.
    expect(known!.firstSeenCountry).toBe(false);
    expect(await seenDevicesOf(tenant, 'acct-sprayed')).toEqual(stored);
  });

  it('trims a set stored past the bound before there was one, keeping its first marks', async () => {
    const tenant = 'spray-legacy';
    await record(tenant, sprayed('acct-legacy', 0, 1));
    const keys = harness().db.connection.collection('activity_account_keys');
    const legacy = Array.from({ length: MAX_SEEN_MARKS + 500 }, (_, i) => `legacy-mark-${i}`);
    await keys.updateOne({ tenantId: tenant, accountId: 'acct-legacy' }, { $set: { seenDevices: legacy } });
    await record(tenant, sprayed('acct-legacy', 0, 1));
    expect(await seenDevicesOf(tenant, 'acct-legacy')).toEqual(legacy.slice(0, MAX_SEEN_MARKS));
  });

  it('keeps the bound when batches of the account are recorded at once', async () => {
    const tenant = 'spray-concurrent';
    await record(tenant, sprayed('acct-raced', 0, MAX_SEEN_MARKS - 50));
    // Each batch sees room for 50 more and adds its own 200 candidates: together they would pass the bound.
    await Promise.all([0, 1, 2].map((batch) => record(tenant, sprayed('acct-raced', 10_000 * (batch + 1), 200))));
    const stored = await seenDevicesOf(tenant, 'acct-raced');
    expect(stored.length).toBeLessThanOrEqual(MAX_SEEN_MARKS);
    expect(stored.length).toBeGreaterThanOrEqual(MAX_SEEN_MARKS - 50 + 50);
  });
});
