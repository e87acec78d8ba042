import type { DeliveryPageQuery, DeliveryReads, WebhookEndpoints } from '../../application/ports.js';
import type { NotificationDeliveryModel, NotificationDeliveryRecord } from './notification-delivery.model.js';
import type { WebhookEndpointModel, WebhookEndpointRecord } from './webhook-endpoint.model.js';

/** DeliveryReads on the deliveries collection. */
export class MongoDeliveryReads implements DeliveryReads {
  constructor(private readonly deliveries: NotificationDeliveryModel) {}

  page(query: DeliveryPageQuery): Promise<NotificationDeliveryRecord[]> {
    const filter: Record<string, unknown> = { tenantId: query.tenantId };
    if (query.alertId !== undefined) filter.alertId = query.alertId;
    if (query.status !== undefined) filter.status = query.status;
    if (query.after !== undefined) {
      // Newest first; ties on createdAt broken by id so pages never overlap or skip.
      const { createdAt, id } = query.after;
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }];
    }
    return this.deliveries.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).lean<NotificationDeliveryRecord[]>();
  }

  ofAlerts(alertIds: readonly string[], tenantIds: readonly string[]): Promise<NotificationDeliveryRecord[]> {
    return this.deliveries
      .find({ alertId: { $in: [...alertIds] }, tenantId: { $in: [...tenantIds] } })
      .sort({ createdAt: 1 })
      .lean<NotificationDeliveryRecord[]>();
  }
}

/** WebhookEndpoints on the webhook endpoints collection. */
export class MongoWebhookEndpoints implements WebhookEndpoints {
  constructor(private readonly webhooks: WebhookEndpointModel) {}

  countActive(tenantId: string): Promise<number> {
    return this.webhooks.countDocuments({ tenantId, active: true });
  }

  async insert(endpoint: WebhookEndpointRecord): Promise<void> {
    await this.webhooks.create([endpoint]);
  }

  deactivate(id: string, tenantIds: readonly string[]): Promise<WebhookEndpointRecord | null> {
    return this.webhooks
      .findOneAndUpdate({ _id: id, tenantId: { $in: [...tenantIds] } }, { $set: { active: false } }, { returnDocument: 'after' })
      .lean<WebhookEndpointRecord>();
  }

  ofTenant(tenantId: string): Promise<WebhookEndpointRecord[]> {
    return this.webhooks.find({ tenantId }).sort({ createdAt: 1 }).lean<WebhookEndpointRecord[]>();
  }

  async activeSecret(id: string): Promise<string | null> {
    const endpoint = await this.webhooks.findOne({ _id: id, active: true }, { secret: 1 }).lean();
    return endpoint?.secret ?? null;
  }
}
