import type { Channel } from '../../domain/notifications/channel-policy.js';
import type { Severity } from '../../domain/severity.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';

export interface DeliveryRowInput {
  readonly id: string;
  readonly tenantId: string;
  readonly alertId?: string;
  readonly accountId?: string;
  readonly purpose: 'alert' | 'test';
  readonly channel: Channel;
  readonly address: string;
  readonly severity: Severity;
  readonly message: { readonly subject: string; readonly text: string; readonly short: string };
  /** Why it is not sent (e.g. the rate limit): stored SKIPPED with this as its last error. */
  readonly skipped?: string;
}

/** A new delivery, due now (or SKIPPED with the reason). */
export function deliveryRow(input: DeliveryRowInput): NotificationDeliveryRecord {
  const now = new Date();
  return {
    _id: input.id,
    tenantId: input.tenantId,
    alertId: input.alertId,
    accountId: input.accountId,
    purpose: input.purpose,
    channel: input.channel,
    address: input.address,
    severity: input.severity,
    subject: input.message.subject,
    text: input.message.text,
    short: input.message.short,
    status: input.skipped ? 'SKIPPED' : 'QUEUED',
    attempts: 0,
    nextAttemptAt: now,
    lastError: input.skipped,
    createdAt: now,
  };
}

/** What client systems receive: the alert without evidence event ids or reason values beyond the explanation. */
export function webhookPayload(alert: AlertRecord): string {
  return JSON.stringify({
    type: 'alert.raised',
    alertId: alert._id,
    tenantId: alert.tenantId,
    accountId: alert.accountId ?? null,
    rule: alert.ruleId,
    severity: alert.severity,
    status: alert.status,
    explanation: alert.reasons.explanation,
    detectedAt: alert.detectedAt.toISOString(),
    raisedAt: alert.raisedAt.toISOString(),
  });
}
