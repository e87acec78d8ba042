import { Schema } from 'mongoose';
import { CHANNELS, type Channel } from '../../domain/notifications/channel-policy.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';
import { ownModel } from './own-model.js';

export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The notification outbox: one document per alert, channel and recipient, written before anything is
 * sent. Workers claim a document atomically (findOneAndUpdate on status + lease), send, and record the
 * outcome; failures retry with backoff until the last attempt, then stay FAILED (dead letter).
 */
export interface NotificationDeliveryRecord {
  /** Derived from alert + channel + recipient: enqueuing twice (redelivery) is a no-op. */
  _id: string;
  tenantId: string;
  alertId?: string;
  accountId?: string;
  /** `alert` for customer/client notifications, `test` for sendTestAlert. */
  purpose: 'alert' | 'test';
  channel: Channel;
  /** Email, phone, device token or webhook URL. Never logged; masked in GraphQL for most roles. */
  address: string;
  /** Webhook endpoint id (its secret signs the body). */
  webhookId?: string;
  severity: Severity;
  subject: string;
  text: string;
  short: string;
  /** JSON body for webhooks. */
  payload?: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil?: Date;
  lastError?: string;
  providerMessageId?: string;
  createdAt: Date;
  sentAt?: Date;
  deliveredAt?: Date;
  failedAt?: Date;
}

const schema = new Schema<NotificationDeliveryRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    alertId: String,
    accountId: String,
    purpose: { type: String, enum: ['alert', 'test'], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    address: { type: String, required: true },
    webhookId: String,
    severity: { type: String, enum: SEVERITIES, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    short: { type: String, required: true },
    payload: String,
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: Date,
    lastError: String,
    providerMessageId: String,
    createdAt: { type: Date, required: true },
    sentAt: Date,
    deliveredAt: Date,
    failedAt: Date,
  },
  { collection: 'notification_deliveries', versionKey: false },
);
// The worker's claim: due queued deliveries, oldest first.
schema.index({ status: 1, nextAttemptAt: 1 });
// Per-alert status in GraphQL; per-tenant listing.
schema.index({ alertId: 1 });
schema.index({ tenantId: 1, createdAt: -1 });
// Rate limit: recent deliveries per account and channel.
schema.index({ accountId: 1, channel: 1, createdAt: -1 });

/** The model on this subgraph's own connection. */
export const notificationDeliveryModel = ownModel('NotificationDelivery', schema);
export type NotificationDeliveryModel = ReturnType<typeof notificationDeliveryModel>;
