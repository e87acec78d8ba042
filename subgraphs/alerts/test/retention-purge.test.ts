/**
 * ADR 134: when activity-logs records a retention purge, detection drops its own copies of the tenant's events older
 * than their category's cut-off, in the store and in every instance's window cache: the IPs and device ids it copied
 * must not outlive the tenant's retention policy for those events.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { toDetectionEvent } from '../src/domain/detection-event.js';
import { loginWindowOf, twoInstanceCaches } from './support/detection-history.js';
import { AlertsHarness } from './support/harness.js';
import { activity, at, successfulLogin } from './support/events.js';

const TENANT = 'purge-t';

const purgeRecord = (tenantId: string, minute: number, cutoffs: Record<string, string>) =>
  activity({
    type: VIGIL_EVENT_TYPES.retentionPurged,
    tenantId,
    accountId: 'system',
    category: 'system',
    outcome: 'SUCCESS',
    occurredAt: at(minute),
    actor: { type: 'SYSTEM' },
    metadata: { purgedCount: 1, ...cutoffs },
  });

describe('retention purges in detection', () => {
  const harness = AlertsHarness.perSuite();
  const stored = (tenantId: string) =>
    harness.db.connection
      .collection<{ type: string; occurredAt: Date; ip?: string }>('detection_events')
      .find({ tenantId })
      .toArray();

  it("drops the tenant's copies older than their category's cut-off, and nothing else", async () => {
    const sessions = (tenantId: string, minutes: number[]) =>
      minutes.map((minute) => successfulLogin(minute, { tenantId, accountId: 'acc-p', ip: '81.2.69.142' }));
    const failures = [5, 45].map((minute) =>
      activity({
        type: 'user.authentication.failed',
        tenantId: TENANT,
        accountId: 'acc-p',
        outcome: 'FAILURE',
        occurredAt: at(minute),
        ip: '81.2.69.142',
      }),
    );
    await harness.record(...sessions(TENANT, [0, 1, 2, 40, 41]), ...failures);
    await harness.record(...sessions('purge-other', [0, 1]));
    expect(await stored(TENANT)).toHaveLength(7);

    // Sign-ins (AUTHENTICATION) expire before minute 30; failed logins (FAILURE) before minute 0: none of them.
    await harness.record(
      purgeRecord(TENANT, 50, { cutoff_authentication: at(30), cutoff_failure: at(0), cutoff_usage: 'not a time' }),
    );

    const kept = await stored(TENANT);
    expect(kept.map((event) => [event.type, event.occurredAt.toISOString()]).sort()).toEqual(
      [
        ['user.authentication.failed', at(5)],
        ['user.authentication.failed', at(45)],
        ['user.session.start', at(40)],
        ['user.session.start', at(41)],
      ].sort(),
    );
    // Another tenant's copies are its own policy's business.
    expect(await stored('purge-other')).toHaveLength(2);
  });

  it("another instance's window cache reads the tenant again after a purge applied elsewhere", async () => {
    const { here, elsewhere } = twoInstanceCaches(harness.db.connection);
    const window = loginWindowOf('purge-cache', 'acc-c');
    const old = toDetectionEvent(successfulLogin(1, { tenantId: 'purge-cache', accountId: 'acc-c', sequence: 1 }));
    const recent = toDetectionEvent(successfulLogin(60, { tenantId: 'purge-cache', accountId: 'acc-c', sequence: 2 }));
    await elsewhere.record([old, recent]);
    expect((await elsewhere.events(window)).map((event) => event.eventId).sort()).toEqual([old.eventId, recent.eventId].sort());

    expect(await here.purgeExpired('purge-cache', new Map([['AUTHENTICATION', new Date(at(30))]]))).toBe(1);
    expect((await elsewhere.events(window)).map((event) => event.eventId)).toEqual([recent.eventId]);
  });
});
