import { foregroundCatchUps, MongoActivityChainReader, TOPICS, type ActivityRecordedPayload } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import {
  deviceLabel,
  forgetSightedDevices,
  MAX_KNOWN_DEVICES,
  recordDeviceSighting,
  type InventoryDevice,
} from '../src/domain/device-inventory.js';
import { ACCOUNTS_CONSUMER_GROUP } from '../src/adapters/events/device-inventory-consumer.js';
import { as, announcedActivity, startAccounts } from './harness.js';
import { appendToActivityChain, waitForOffset, perSuite, waitUntil } from '@vigil/testing';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1';

describe('recordDeviceSighting', () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));

  it('adds an unseen device, untrusted, labelled from its user agent', () => {
    const devices = recordDeviceSighting([], { deviceId: 'd1', userAgent: IPHONE, seenAt: t(0) });
    expect(devices).toEqual([
      { deviceId: 'd1', label: 'iPhone · Safari', userAgent: IPHONE, firstSeenAt: t(0), lastSeenAt: t(0), trusted: false },
    ]);
  });

  it('moves lastSeenAt forward only, and is idempotent', () => {
    const once = recordDeviceSighting([], { deviceId: 'd1', seenAt: t(10) });
    const later = recordDeviceSighting(once, { deviceId: 'd1', seenAt: t(20) });
    const older = recordDeviceSighting(later, { deviceId: 'd1', seenAt: t(5) });
    expect(older).toEqual([{ deviceId: 'd1', label: 'Unknown device', firstSeenAt: t(5), lastSeenAt: t(20), trusted: false }]);
    expect(recordDeviceSighting(older, { deviceId: 'd1', seenAt: t(20) })).toEqual(older);
  });

  it('keeps the most recent devices, but a spray of new device ids never pushes a trusted device out', () => {
    const trusted = (deviceId: string, minutes: number): InventoryDevice => ({
      deviceId,
      label: 'iPhone · Safari',
      firstSeenAt: t(minutes),
      lastSeenAt: t(minutes),
      trusted: true,
    });
    let devices: InventoryDevice[] = [trusted('home-phone', 0), trusted('work-laptop', 1)];
    for (let i = 0; i < MAX_KNOWN_DEVICES + 10; i++)
      devices = recordDeviceSighting(devices, { deviceId: `spray-${i}`, seenAt: t(10 + i) });
    expect(devices).toHaveLength(MAX_KNOWN_DEVICES);
    expect(devices.filter((device) => device.trusted).map((device) => device.deviceId)).toEqual(['work-laptop', 'home-phone']);
    const sprayed = devices.filter((device) => !device.trusted).map((device) => device.deviceId);
    expect(sprayed).toHaveLength(MAX_KNOWN_DEVICES - 2);
    expect(sprayed[0]).toBe(`spray-${MAX_KNOWN_DEVICES + 9}`); // the most recent first; the oldest sprayed fell off
    expect(sprayed).not.toContain('spray-11');
    expect(devices.map((device) => device.lastSeenAt.getTime())).toEqual(
      devices.map((device) => device.lastSeenAt.getTime()).sort((a, b) => b - a),
    );
  });

  it('labels common platforms and browsers', () => {
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36')).toBe(
      'Windows · Chrome',
    );
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0')).toBe('Linux · Firefox');
  });
});

describe('forgetSightedDevices (ADR 152)', () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
  const sighted = (deviceId: string, first: number, last: number, trusted = false): InventoryDevice => ({
    deviceId,
    label: 'iPhone · Safari',
    userAgent: IPHONE,
    firstSeenAt: t(first),
    lastSeenAt: t(last),
    firstSeenSequence: first,
    lastSeenSequence: last,
    trusted,
  });
  // The erasure record at sequence 10 of the tenant's chain, recorded at minute 10.
  const erasure = { sequence: 10, erasedAt: t(10) };

  it('forgets what was sighted up to the erasure and keeps what was sighted after it, however late it is applied', () => {
    const devices = [sighted('before', 3, 5), sighted('both', 4, 12), sighted('after', 11, 11), sighted('enrolled', 2, 2, true)];
    const forgotten = forgetSightedDevices(devices, erasure);
    expect(forgotten).toEqual([
      // Seen before and after: kept as from its first sighting after the erasure, without what came before it.
      {
        deviceId: 'both',
        label: 'Unknown device',
        firstSeenAt: t(12),
        lastSeenAt: t(12),
        firstSeenSequence: 12,
        lastSeenSequence: 12,
        trusted: false,
      },
      sighted('after', 11, 11),
      sighted('enrolled', 2, 2, true),
    ]);
    // Handed over again (a redelivery, or the pass over erasures on record): nothing changes.
    expect(forgetSightedDevices(forgotten, erasure)).toEqual(forgotten);
    // A device sighted after the erasure survives it being handed over again after that sighting.
    const later = recordDeviceSighting(forgotten, { deviceId: 'new', userAgent: IPHONE, seenAt: t(20), sequence: 20 });
    expect(forgetSightedDevices(later, erasure)).toEqual(later);
  });

  it('compares by time the devices kept before their sightings carried a chain position', () => {
    const legacy = (deviceId: string, first: number, last: number): InventoryDevice => ({
      deviceId,
      label: 'iPhone · Safari',
      userAgent: IPHONE,
      firstSeenAt: t(first),
      lastSeenAt: t(last),
      trusted: false,
    });
    expect(forgetSightedDevices([legacy('before', 1, 9), legacy('after', 11, 15)], erasure)).toEqual([legacy('after', 11, 15)]);
  });

  it('learns a user agent again at the next sighting of a device that has none', () => {
    const bare = recordDeviceSighting([], { deviceId: 'd1', seenAt: t(1), sequence: 1 });
    expect(recordDeviceSighting(bare, { deviceId: 'd1', userAgent: IPHONE, seenAt: t(2), sequence: 2 })).toEqual([
      {
        deviceId: 'd1',
        label: 'iPhone · Safari',
        userAgent: IPHONE,
        firstSeenAt: t(1),
        lastSeenAt: t(2),
        firstSeenSequence: 1,
        lastSeenSequence: 2,
        trusted: false,
      },
    ]);
  });
});

describe('device inventory from activity.recorded', () => {
  const subgraph = perSuite(startAccounts);

  /** As activity-logs records it: appended to the tenant's chain, then the bus wake-up; waits until handled. */
  async function record(payload: ActivityRecordedPayload): Promise<void> {
    await appendToActivityChain(subgraph().db.connection, [payload]);
    await subgraph().bus.publish(TOPICS.activityRecorded, payload, { dedupeKey: payload.eventId });
    const head = await new MongoActivityChainReader(subgraph().db.connection).heads();
    await waitForOffset(subgraph().db.connection, ACCOUNTS_CONSUMER_GROUP, payload.tenantId, head.get(payload.tenantId) ?? 0);
  }

  it('adds a new device once, even when the event is delivered twice', async () => {
    const payload = announcedActivity({
      eventId: 'ev-login-1',
      accountId: DEMO_SEED.accounts.sam,
      deviceId: 'sam-new-phone',
      userAgent: IPHONE,
    });
    await record(payload);
    await record(payload); // a redelivery

    const { data } = await subgraph().call(
      // A SECURITY_ANALYST reads device ids whole (the personal-data policy masks them for AGENT).
      as(['SECURITY_ANALYST']),
      `{ account(id: "${DEMO_SEED.accounts.sam}") { knownDevices { deviceId label trusted } } }`,
    );
    const devices = (data?.account as { knownDevices: { deviceId: string; label: string; trusted: boolean }[] }).knownDevices;
    expect(devices.filter((device) => device.deviceId === 'sam-new-phone')).toEqual([
      { deviceId: 'sam-new-phone', label: 'iPhone · Safari', trusted: false },
    ]);
    expect(devices).toHaveLength(2);
  });

  it('applies a page of sightings in chain order: one device per id, firstSeenAt and lastSeenAt across the page', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 2, 9, minutes)).toISOString();
    const account = DEMO_SEED.accounts.sam;
    const page = [
      announcedActivity({ eventId: 'ev-page-1', accountId: account, deviceId: 'sam-tablet', occurredAt: at(10) }),
      announcedActivity({ eventId: 'ev-page-2', accountId: account }), // no device: nothing to keep
      announcedActivity({ eventId: 'ev-page-3', accountId: account, deviceId: 'sam-laptop', occurredAt: at(20) }),
      announcedActivity({ eventId: 'ev-page-4', accountId: account, deviceId: 'sam-tablet', occurredAt: at(30) }),
    ];
    await appendToActivityChain(subgraph().db.connection, page);
    await subgraph().bus.publish(TOPICS.activityRecorded, page[0]!, { dedupeKey: 'ev-page' });
    const head = await new MongoActivityChainReader(subgraph().db.connection).heads();
    await waitForOffset(subgraph().db.connection, ACCOUNTS_CONSUMER_GROUP, 'demo', head.get('demo') ?? 0);

    const { data } = await subgraph().call(
      as(['SECURITY_ANALYST']),
      `{ account(id: "${account}") { knownDevices { deviceId firstSeenAt lastSeenAt } } }`,
    );
    const devices = (data?.account as { knownDevices: { deviceId: string; firstSeenAt: string; lastSeenAt: string }[] })
      .knownDevices;
    // As one sighting at a time: an added device sorts the list newest first, a seen one keeps its place.
    expect(devices.filter((device) => ['sam-tablet', 'sam-laptop'].includes(device.deviceId))).toEqual([
      { deviceId: 'sam-laptop', firstSeenAt: at(20), lastSeenAt: at(20) },
      { deviceId: 'sam-tablet', firstSeenAt: at(10), lastSeenAt: at(30) },
    ]);
  });

  it("lets the process's foreground catch-ups (detection's) go first, then applies the sighting (ADR 159)", async () => {
    const devices = async () => {
      const account = await subgraph()
        .db.connection.collection<{ _id: string; knownDevices?: { deviceId: string }[] }>('accounts')
        .findOne({ _id: DEMO_SEED.accounts.sam });
      return (account?.knownDevices ?? []).map((device) => device.deviceId);
    };
    const payload = announcedActivity({
      eventId: 'ev-behind-detection',
      accountId: DEMO_SEED.accounts.sam,
      deviceId: 'sam-watch',
    });
    const detectionRuns = foregroundCatchUps.begin();
    try {
      await appendToActivityChain(subgraph().db.connection, [payload]);
      await subgraph().bus.publish(TOPICS.activityRecorded, payload, { dedupeKey: payload.eventId });
      await waitUntil(() => foregroundCatchUps.waiting > 0);
      expect(await devices()).not.toContain('sam-watch');
    } finally {
      detectionRuns();
    }
    const head = await new MongoActivityChainReader(subgraph().db.connection).heads();
    await waitForOffset(subgraph().db.connection, ACCOUNTS_CONSUMER_GROUP, 'demo', head.get('demo') ?? 0);
    expect(await devices()).toContain('sam-watch');
  });

  it('ignores an event for an account of another tenant', async () => {
    await record(
      announcedActivity({ eventId: 'ev-x', tenantId: 'acme', accountId: DEMO_SEED.accounts.jordan, deviceId: 'intruder' }),
    );
    const { data } = await subgraph().call(
      as(['ADMIN']),
      `{ account(id: "${DEMO_SEED.accounts.jordan}") { knownDevices { deviceId } } }`,
    );
    expect(JSON.stringify(data)).not.toContain('intruder');
  });
});
