/**
 * ADR 146: a customer notification delivery keeps the address it went to (and a provider's error about it) no longer
 * than the tenant's retention. The cut-off comes from the retention purge recorded in the chain (ADR 134); a tenant
 * without one is bounded by ALERTS_DELIVERY_RETENTION_DAYS. The sweep redacts what is past it, a bounded batch per
 * pass, and keeps the delivery's ids, status and times for the incident record.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { AlertsHarness } from './support/harness.js';
import { activity } from './support/events.js';

const DAY_MS = 86_400_000;
const NOW = Date.now();
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS);

/** A stored delivery as the test writes and reads it. */
interface DeliveryRow {
  _id: string;
  [field: string]: unknown;
}

let next = 0;
/** A stored delivery as the outbox writes it, `days` old. */
const delivery = (tenantId: string, days: number, extra: Record<string, unknown> = {}) => {
  next += 1;
  const row: DeliveryRow = {
    _id: `retention-${next}`,
    tenantId,
    alertId: `alert-${next}`,
    accountId: `cust-${next}`,
    purpose: 'alert',
    channel: 'EMAIL',
    address: `cust-${next}.jane@example.com`,
    severity: 'HIGH',
    subject: 'Someone is trying to sign in to your account',
    text: 'text',
    short: 'short',
    status: 'FAILED',
    attempts: 1,
    nextAttemptAt: daysAgo(days),
    lastError: '550 5.1.1 <[redacted]>: user unknown',
    createdAt: daysAgo(days),
    failedAt: daysAgo(days),
    ...extra,
  };
  // A field the outbox never wrote is absent, not null.
  for (const [field, value] of Object.entries(row)) if (value === undefined) delete row[field];
  return row as DeliveryRow & { address: string; lastError?: string; alertId: string; accountId: string };
};

/** The purge record activity-logs writes, with every category's cut-off at `days` ago (ADR 134). */
const purgeRecord = (tenantId: string, days: number) =>
  activity({
    type: VIGIL_EVENT_TYPES.retentionPurged,
    tenantId,
    accountId: 'vigil:system',
    category: 'system',
    outcome: 'SUCCESS',
    occurredAt: new Date(NOW).toISOString(),
    actor: { type: 'SYSTEM' },
    metadata: {
      purgedCount: '1',
      cutoff_authentication: daysAgo(days).toISOString(),
      cutoff_failure: daysAgo(days).toISOString(),
      // A category kept longer: the shortest period decides for a delivery (ADR 146).
      cutoff_transaction: daysAgo(days + 30).toISOString(),
    },
  });

describe('notification deliveries follow the tenant retention', () => {
  const harness = AlertsHarness.perSuite({ recipients: null, env: { ALERTS_DELIVERY_RETENTION_DAYS: '400' } });
  const deliveries = () => harness.db.connection.collection<DeliveryRow>('notification_deliveries');
  const stored = async (id: string) => deliveries().findOne({ _id: id });

  it("redacts the address and error of deliveries older than the tenant's purge cut-off; fresh ones keep theirs", async () => {
    const old = delivery('ret-a', 80);
    const queued = delivery('ret-a', 75, { status: 'QUEUED', lastError: undefined, failedAt: undefined });
    const between = delivery('ret-a', 45);
    const fresh = delivery('ret-a', 10);
    const webhook = delivery('ret-a', 80, { channel: 'WEBHOOK', address: 'https://hooks.example.com/vigil' });
    const otherTenant = delivery('ret-b', 80);
    await deliveries().insertMany([old, queued, between, fresh, webhook, otherTenant]);

    // The tenant's purge says AUTHENTICATION and FAILURE expire at 30 days, TRANSACTION at 60.
    await harness.record(purgeRecord('ret-a', 30));
    await harness.alerts.deliveryRetention.sweep();

    expect(await stored(old._id)).toMatchObject({
      address: '[redacted]',
      lastError: '[redacted]',
      status: 'FAILED',
      attempts: 1,
      alertId: old.alertId,
      accountId: old.accountId,
      createdAt: old.createdAt,
    });
    // A delivery still queued past the retention cannot be sent without its address.
    expect(await stored(queued._id)).toMatchObject({ address: '[redacted]', status: 'SKIPPED' });
    // Past the shortest period the tenant set (30 days), although within the longest (60).
    expect(await stored(between._id)).toMatchObject({ address: '[redacted]' });
    expect(await stored(fresh._id)).toMatchObject({ address: fresh.address, lastError: fresh.lastError });
    // A webhook goes to the tenant's own endpoint: no personal data in its URL.
    expect(await stored(webhook._id)).toMatchObject({ address: webhook.address });
    // Another tenant's policy is its own: ret-b has recorded no purge, and 80 days is within the 400-day bound.
    expect(await stored(otherTenant._id)).toMatchObject({ address: otherTenant.address });
  });

  it('bounds a tenant that has recorded no purge by ALERTS_DELIVERY_RETENTION_DAYS', async () => {
    const ancient = delivery('ret-c', 401);
    const kept = delivery('ret-c', 399);
    await deliveries().insertMany([ancient, kept]);
    await harness.alerts.deliveryRetention.sweep();
    expect(await stored(ancient._id)).toMatchObject({ address: '[redacted]' });
    expect(await stored(kept._id)).toMatchObject({ address: kept.address });
  });

  it('works through a backlog a bounded batch per pass, resuming where the last pass stopped', async () => {
    const backlog = Array.from({ length: 7 }, () => delivery('ret-d', 500));
    await deliveries().insertMany(backlog);
    const first = await harness.alerts.deliveryRetention.sweep(new Date(), 3);
    expect(first).toBe(3);
    const left = async () => deliveries().countDocuments({ tenantId: 'ret-d', address: { $ne: '[redacted]' } });
    expect(await left()).toBe(4);
    await harness.alerts.deliveryRetention.sweep(new Date(), 3);
    await harness.alerts.deliveryRetention.sweep(new Date(), 3);
    expect(await left()).toBe(0);
    expect(await harness.alerts.deliveryRetention.sweep(new Date(), 3)).toBe(0);
  });
});
