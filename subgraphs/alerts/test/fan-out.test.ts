/**
 * Planning a batch of alerts' notifications reads each tenant's webhooks and customers once (ADR 116); a tenant whose
 * recipients could not be read fails its own alerts only (their jobs are retried), the others are planned.
 */
import { expect, it } from 'vitest';
import type { AlertRecord } from '../src/adapters/mongo/alert.model.js';
import { NotificationFanOut } from '../src/application/notifications/fan-out.js';
import type { NotificationDeliveries, RecipientDirectory, WebhookEndpoint } from '../src/application/ports.js';

const alertOn = (tenantId: string, accountId: string, extra: Partial<AlertRecord> = {}): AlertRecord => ({
  _id: `alert-${tenantId}-${accountId}`,
  tenantId,
  ruleId: 'brute-force',
  ruleName: 'Brute force',
  severity: 'HIGH',
  status: 'OPEN',
  mode: 'ALERT',
  accountId,
  relatedAccountIds: [accountId],
  groupKey: accountId,
  suppressionKey: `${tenantId}:brute-force:${accountId}`,
  detectedAt: new Date('2026-11-30T08:00:00Z'),
  raisedAt: new Date('2026-11-30T08:00:01Z'),
  lastSeenAt: new Date('2026-11-30T08:00:00Z'),
  triggerEventIds: ['e-1'],
  reasons: { thresholds: {}, values: {}, evidenceEventIds: [], explanation: 'x' },
  evidence: [],
  magnitude: 10,
  comments: [],
  history: [],
  ...extra,
});

it('reads webhooks once and recipients once per tenant, and a failed lookup fails only that tenant', async () => {
  const webhookReads: string[][] = [];
  const lookups: [string, string[]][] = [];
  const deliveries = {
    activeWebhooks: async (tenantIds: readonly string[]) => {
      webhookReads.push([...tenantIds]);
      return new Map<string, WebhookEndpoint[]>(
        tenantIds.map((t) => [t, t === 'bank' ? [{ id: 'wh-1', url: 'https://bank.example/hook' }] : []]),
      );
    },
    sentSince: async () => 0,
  } as Partial<NotificationDeliveries> as NotificationDeliveries;
  const recipients: RecipientDirectory = {
    recipientsFor: async (tenantId, accountIds) => {
      lookups.push([tenantId, [...accountIds]]);
      if (tenantId === 'down') throw new Error('accounts answered HTTP 503 for the recipient lookup');
      return new Map(
        accountIds.map((id) => [
          id,
          { brand: 'Bank', channels: [{ channel: 'EMAIL', address: `${id}@bank.example`, optedOut: false }] },
        ]),
      );
    },
  };
  const fanOut = new NotificationFanOut(recipients, deliveries, { maxPerWindow: 5, windowMinutes: 60 });
  const alerts = [
    alertOn('bank', 'a-1'),
    alertOn('bank', 'a-2'),
    // Linked to an open alert and not critical: its customer is not told, so not looked up either.
    alertOn('bank', 'a-3', { correlatedAlertId: 'alert-bank-a-1' }),
    alertOn('down', 'd-1'),
  ];

  const directory = await fanOut.directoryFor(alerts);

  expect(webhookReads).toEqual([['bank', 'down']]);
  expect(lookups).toEqual([
    ['bank', ['a-1', 'a-2']],
    ['down', ['d-1']],
  ]);
  const planned = await fanOut.forAlert(alerts[0]!, directory);
  expect(planned.map((row) => [row.channel, row.address])).toEqual([
    ['EMAIL', 'a-1@bank.example'],
    ['WEBHOOK', 'https://bank.example/hook'],
  ]);
  expect((await fanOut.forAlert(alerts[2]!, directory)).map((row) => row.channel)).toEqual(['WEBHOOK']);
  await expect(fanOut.forAlert(alerts[3]!, directory)).rejects.toThrow(/HTTP 503/);
});
