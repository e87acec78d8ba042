/**
 * ADR 132: when activity-logs records an account's erasure, detection forgets the personal data it copied from that
 * account's events (IP, device id, location, transaction details), in the store and in the window cache, so no later
 * alert judges by them or names them.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core';
import { nodes, type Page } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { toDetectionEvent } from '../src/domain/detection-event.js';
import { loginWindowOf, twoInstanceCaches } from './support/detection-history.js';
import { AlertsHarness, identity } from './support/harness.js';
import { activity, successfulLogin } from './support/events.js';

const TENANT = 'erasure-t';
const ERASED_IP = '81.2.69.142';
const ERASED_DEVICE = 'dev-erased-phone';
const london = { country: 'GB', lat: 51.5, lon: -0.12 };
const newYork = { country: 'US', lat: 40.7, lon: -74 };

/** A successful login of `accountId` in the test tenant. */
const login = (minute: number, accountId: string, extra: Parameters<typeof successfulLogin>[1]) =>
  successfulLogin(minute, { tenantId: TENANT, accountId, ...extra });

const erasureOf = (accountId: string, minute: number) =>
  activity({
    type: VIGIL_EVENT_TYPES.accountErased,
    tenantId: TENANT,
    accountId,
    category: 'system',
    outcome: 'SUCCESS',
    occurredAt: new Date(Date.parse('2026-03-02T09:00:00.000Z') + minute * 60_000).toISOString(),
    actor: { type: 'SYSTEM', id: 'agent-admin' },
  });

describe('account erasure in detection', () => {
  const harness = AlertsHarness.perSuite();
  const stored = (accountId: string) =>
    harness.db.connection.collection('detection_events').find({ tenantId: TENANT, accountId }).toArray();

  it("forgets the erased account's personal data, and later alerts neither use nor name it", async () => {
    // A baseline of 11 logins (the new-device-or-country rule learns from 10) from one phone in London.
    const baseline = Array.from({ length: 11 }, (_, minute) =>
      login(minute, 'acc-erased', { ip: ERASED_IP, deviceId: ERASED_DEVICE, geo: london }),
    );
    await harness.record(...baseline);
    // Another account's history is not touched.
    await harness.record(login(12, 'acc-kept', { ip: '198.51.100.9', deviceId: 'dev-kept', geo: london }));
    expect((await stored('acc-erased')).map((event) => event.country)).toContain('GB');

    await harness.record(erasureOf('acc-erased', 20));

    const erased = await stored('acc-erased');
    expect(erased).toHaveLength(11);
    for (const event of erased) {
      for (const field of ['ip', 'deviceId', 'country', 'lat', 'lon']) expect(event).not.toHaveProperty(field);
      expect(event.ipKeys).toEqual([]);
      expect(event.kinds).toEqual(['LOGIN_SUCCEEDED']);
    }
    expect(await stored('acc-kept')).toEqual([expect.objectContaining({ ip: '198.51.100.9', deviceId: 'dev-kept' })]);

    // The next login, from elsewhere: whatever fires must not name the erased country, IP or device.
    await harness.record(login(30, 'acc-erased', { ip: '8.8.8.8', deviceId: 'dev-new', geo: newYork }));
    const { data, errors } = await harness.graphql<{
      alerts: Page<{ rule: string; reasons: string[]; reasonVector: { values: { name: string; value: string }[] } }>;
    }>(
      identity(['SECURITY_ANALYST'], [TENANT]),
      `{ alerts(filter: { tenantId: "${TENANT}" }) { edges { node { rule reasons reasonVector { values { name value } } } } } }`,
    );
    expect(errors).toBeUndefined();
    const alerts = nodes(data?.alerts) ?? [];
    expect(alerts.map((alert) => alert.rule)).toContain('new-device-or-country');
    const told = JSON.stringify(alerts);
    for (const erasedValue of ['GB', ERASED_IP, ERASED_DEVICE]) expect(told).not.toContain(erasedValue);
  });

  it('events of the account recorded after its erasure keep their data', async () => {
    await harness.record(erasureOf('acc-later', 40));
    await harness.record(login(41, 'acc-later', { ip: '192.0.2.44', deviceId: 'dev-after', geo: london }));
    expect(await stored('acc-later')).toEqual([expect.objectContaining({ ip: '192.0.2.44', country: 'GB' })]);
  });

  it("another instance's window cache reads the account again after an erasure applied elsewhere", async () => {
    const { here, elsewhere } = twoInstanceCaches(harness.db.connection);
    const window = loginWindowOf('erasure-cache', 'acc-c');
    const event = toDetectionEvent(
      login(50, 'acc-c', { tenantId: 'erasure-cache', ip: ERASED_IP, deviceId: ERASED_DEVICE, geo: london, sequence: 1 }),
    );
    await elsewhere.record([event]);
    expect(await elsewhere.events(window)).toEqual([expect.objectContaining({ ip: ERASED_IP, country: 'GB' })]);

    await here.eraseAccount('erasure-cache', 'acc-c', 2);
    const [read] = await elsewhere.events(window);
    expect(read).toMatchObject({ eventId: event.eventId });
    for (const field of ['ip', 'deviceId', 'country', 'lat', 'lon']) expect(read?.[field as keyof typeof read]).toBeUndefined();
  });
});
