import { createHash, randomUUID } from 'node:crypto';
import {
  channelsFor,
  deliverableChannels,
  withinRateLimit,
  type Channel,
  type RateLimit,
} from '../../domain/notifications/channel-policy.js';
import { renderNotification } from '../../domain/notifications/templates.js';
import type { RuleId } from '../../domain/rule-catalog.js';
import type { Severity } from '../../domain/severity.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { AlertRecipient, NotificationDeliveries, RecipientDirectory, WebhookEndpoint } from '../ports.js';
import { deliveryRow, webhookPayload } from './delivery-rows.js';

/** Derived from source + channel + address: planning the same alert twice (a retried job) writes nothing new. */
const deliveryId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * What planning a batch of alerts reads once (ADR 116): each tenant's active webhooks, and the recipients among the
 * customers the alerts are about — or why they could not be read (that tenant's alerts are retried later).
 */
export interface PlanningDirectory {
  readonly webhooks: ReadonlyMap<string, readonly WebhookEndpoint[]>;
  readonly recipients: ReadonlyMap<string, ReadonlyMap<string, AlertRecipient> | Error>;
}

/** An alert linked to an open one on the same account notifies the customer only when it is CRITICAL. */
function customerOf(alert: AlertRecord): string | undefined {
  const customerFacing = alert.correlatedAlertId === undefined || alert.severity === 'CRITICAL';
  return customerFacing ? alert.accountId : undefined;
}

/**
 * Who hears about an alert, on which channel, with which message: customer channels (preferences respected,
 * critical mandatory, rate-limited) and the tenant's webhooks. Plans rows; the caller stores them.
 */
export class NotificationFanOut {
  constructor(
    private readonly recipients: RecipientDirectory | null,
    private readonly deliveries: NotificationDeliveries,
    private readonly rateLimit: RateLimit,
  ) {}

  /** Reads what planning `alerts` needs: one webhook read, one recipient lookup per tenant with customers to tell. */
  async directoryFor(alerts: readonly AlertRecord[]): Promise<PlanningDirectory> {
    const customers = new Map<string, string[]>();
    for (const alert of alerts) {
      const accountId = customerOf(alert);
      if (accountId === undefined) continue;
      const accounts = customers.get(alert.tenantId) ?? [];
      accounts.push(accountId);
      customers.set(alert.tenantId, accounts);
    }
    const recipients = this.recipients;
    const [webhooks, found] = await Promise.all([
      this.deliveries.activeWebhooks([...new Set(alerts.map((alert) => alert.tenantId))]),
      Promise.all(
        [...customers].map(async ([tenantId, accountIds]) => {
          if (recipients === null) return [tenantId, new Map<string, AlertRecipient>()] as const;
          const answer = await recipients.recipientsFor(tenantId, accountIds).catch(asError);
          return [tenantId, answer] as const;
        }),
      ),
    ]);
    return { webhooks, recipients: new Map(found) };
  }

  /** The deliveries of one alert of the batch `directory` was read for; throws when its tenant's lookup failed. */
  async forAlert(alert: AlertRecord, directory: PlanningDirectory): Promise<NotificationDeliveryRecord[]> {
    const rows: NotificationDeliveryRecord[] = [];
    const accountId = customerOf(alert);
    const found = accountId === undefined ? undefined : directory.recipients.get(alert.tenantId);
    if (found instanceof Error) throw found;
    const recipient = accountId === undefined ? undefined : found?.get(accountId);
    if (recipient !== undefined && accountId !== undefined) {
      const message = renderNotification(alert.ruleId, alert.severity, recipient.brand);
      for (const preference of channelsFor(alert.severity, recipient.channels)) {
        const allowed = withinRateLimit(alert.severity, await this.sentRecently(accountId, preference.channel), this.rateLimit);
        rows.push(
          deliveryRow({
            id: deliveryId(alert._id, preference.channel, preference.address),
            tenantId: alert.tenantId,
            alertId: alert._id,
            accountId,
            purpose: 'alert',
            channel: preference.channel,
            address: preference.address,
            severity: alert.severity,
            message,
            skipped: allowed
              ? undefined
              : `rate limit: ${this.rateLimit.maxPerWindow} per ${this.rateLimit.windowMinutes} min on this channel`,
          }),
        );
      }
    }
    const endpoints = directory.webhooks.get(alert.tenantId) ?? [];
    rows.push(...this.webhookRows(endpoints, alert.tenantId, alert.severity, alert.ruleId, alert._id, webhookPayload(alert)));
    return rows;
  }

  /** sendTestAlert: the test template to the tenant's webhooks and, when given, one account's channels. */
  async forTest(tenantId: string, accountId: string | undefined, requestedBy: string): Promise<NotificationDeliveryRecord[]> {
    const testId = randomUUID();
    const rows: NotificationDeliveryRecord[] = [];
    if (accountId !== undefined && this.recipients !== null) {
      const recipient = (await this.recipients.recipientsFor(tenantId, [accountId])).get(accountId);
      const message = renderNotification('test', 'LOW', recipient?.brand ?? tenantId);
      // A test reaches every registered channel: the point is to check them all, opt-outs included.
      for (const preference of deliverableChannels(recipient?.channels ?? [])) {
        rows.push(
          deliveryRow({
            id: deliveryId(testId, preference.channel, preference.address),
            tenantId,
            accountId,
            purpose: 'test',
            channel: preference.channel,
            address: preference.address,
            severity: 'LOW',
            message,
          }),
        );
      }
    }
    const payload = JSON.stringify({ type: 'alert.test', tenantId, requestedBy, sentAt: new Date().toISOString() });
    const endpoints = (await this.deliveries.activeWebhooks([tenantId])).get(tenantId) ?? [];
    rows.push(...this.webhookRows(endpoints, tenantId, 'LOW', 'test', testId, payload));
    return rows;
  }

  private sentRecently(accountId: string, channel: Channel): Promise<number> {
    return this.deliveries.sentSince(accountId, channel, new Date(Date.now() - this.rateLimit.windowMinutes * 60_000));
  }

  private webhookRows(
    endpoints: readonly WebhookEndpoint[],
    tenantId: string,
    severity: Severity,
    kind: RuleId | 'test',
    sourceId: string,
    payload: string,
  ): NotificationDeliveryRecord[] {
    const message = renderNotification(kind, severity, tenantId);
    return endpoints.map((endpoint) => ({
      ...deliveryRow({
        id: deliveryId(sourceId, 'WEBHOOK', endpoint.id),
        tenantId,
        alertId: kind === 'test' ? undefined : sourceId,
        purpose: kind === 'test' ? 'test' : 'alert',
        channel: 'WEBHOOK',
        address: endpoint.url,
        severity,
        message,
      }),
      webhookId: endpoint.id,
      payload,
    }));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
