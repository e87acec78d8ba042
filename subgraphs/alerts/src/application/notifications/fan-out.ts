import { createHash, randomUUID } from 'node:crypto';
import { channelsFor, withinRateLimit, type Channel, type RateLimit } from '../../domain/notifications/channel-policy.js';
import { renderNotification } from '../../domain/notifications/templates.js';
import type { RuleId } from '../../domain/rule-catalog.js';
import type { Severity } from '../../domain/severity.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { NotificationDeliveries, RecipientDirectory } from '../ports.js';
import { deliveryRow, webhookPayload } from './delivery-rows.js';

/** Derived from source + channel + address: planning the same alert twice (a retried job) writes nothing new. */
const deliveryId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

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

  /**
   * An alert linked to an open one on the same account notifies the customer only when it is CRITICAL:
   * one incident, one message.
   */
  async forAlert(alert: AlertRecord): Promise<NotificationDeliveryRecord[]> {
    const rows: NotificationDeliveryRecord[] = [];
    const { accountId } = alert;
    const customerFacing = accountId !== undefined && (alert.correlatedAlertId === undefined || alert.severity === 'CRITICAL');
    const recipient =
      customerFacing && this.recipients !== null ? await this.recipients.recipientFor(alert.tenantId, accountId) : null;
    if (recipient !== null && accountId !== undefined) {
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
    rows.push(...(await this.webhookRows(alert.tenantId, alert.severity, alert.ruleId, alert._id, webhookPayload(alert))));
    return rows;
  }

  /** sendTestAlert: the test template to the tenant's webhooks and, when given, one account's channels. */
  async forTest(tenantId: string, accountId: string | undefined, requestedBy: string): Promise<NotificationDeliveryRecord[]> {
    const testId = randomUUID();
    const rows: NotificationDeliveryRecord[] = [];
    if (accountId !== undefined && this.recipients !== null) {
      const recipient = await this.recipients.recipientFor(tenantId, accountId);
      const message = renderNotification('test', 'LOW', recipient?.brand ?? tenantId);
      // A test reaches every registered channel: the point is to check them all, opt-outs included.
      for (const preference of recipient?.channels ?? []) {
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
    rows.push(...(await this.webhookRows(tenantId, 'LOW', 'test', testId, payload)));
    return rows;
  }

  private sentRecently(accountId: string, channel: Channel): Promise<number> {
    return this.deliveries.sentSince(accountId, channel, new Date(Date.now() - this.rateLimit.windowMinutes * 60_000));
  }

  private async webhookRows(
    tenantId: string,
    severity: Severity,
    kind: RuleId | 'test',
    sourceId: string,
    payload: string,
  ): Promise<NotificationDeliveryRecord[]> {
    const endpoints = await this.deliveries.activeWebhooks(tenantId);
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
