import { isOnlyDuplicateKeys } from '@vigil/core';
import type { Channel } from '../../domain/notifications/channel-policy.js';
import type { NotificationDeliveries, SendResult, WebhookEndpoint } from '../../application/ports.js';
import { LeasedQueue, type RetryPolicy } from './leased-queue.js';
import type { NotificationDeliveryModel, NotificationDeliveryRecord } from './notification-delivery.model.js';
import type { WebhookEndpointModel } from './webhook-endpoint.model.js';

/** Deliveries in MongoDB: written before anything is sent, claimed and retried by the leased queue. */
export class MongoNotificationDeliveries implements NotificationDeliveries {
  private readonly queue: LeasedQueue<NotificationDeliveryRecord>;

  constructor(
    private readonly deliveries: NotificationDeliveryModel,
    private readonly webhooks: WebhookEndpointModel,
    policy: RetryPolicy,
  ) {
    this.queue = new LeasedQueue(deliveries, policy);
  }

  async insert(rows: readonly NotificationDeliveryRecord[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      // Unordered: on redelivery, rows already there fail with duplicate keys and the new ones still land.
      await this.deliveries.insertMany([...rows], { ordered: false });
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  }

  /** Alert deliveries (not skipped) to one account on one channel since `since`: the rate limit's count. */
  sentSince(accountId: string, channel: Channel, since: Date): Promise<number> {
    return this.deliveries.countDocuments({
      accountId,
      channel,
      purpose: 'alert',
      status: { $ne: 'SKIPPED' },
      createdAt: { $gte: since },
    });
  }

  async activeWebhooks(tenantIds: readonly string[]): Promise<ReadonlyMap<string, readonly WebhookEndpoint[]>> {
    const byTenant = new Map<string, WebhookEndpoint[]>(tenantIds.map((tenantId) => [tenantId, []]));
    if (tenantIds.length === 0) return byTenant;
    const endpoints = await this.webhooks
      .find({ tenantId: { $in: [...tenantIds] }, active: true }, { url: 1, tenantId: 1 })
      .lean();
    for (const endpoint of endpoints) byTenant.get(endpoint.tenantId)?.push({ id: endpoint._id, url: endpoint.url });
    return byTenant;
  }

  claim(): Promise<NotificationDeliveryRecord | null> {
    return this.queue.claim();
  }

  sent(delivery: NotificationDeliveryRecord, result: SendResult): Promise<void> {
    const now = new Date();
    return this.queue.complete(delivery._id, {
      status: result.delivered ? 'DELIVERED' : 'SENT',
      sentAt: now,
      ...(result.delivered ? { deliveredAt: now } : {}),
      providerMessageId: result.providerMessageId,
    });
  }

  fail(delivery: NotificationDeliveryRecord, error: unknown) {
    return this.queue.fail(delivery, error, { failedAt: new Date() }, delivery.address);
  }
}
