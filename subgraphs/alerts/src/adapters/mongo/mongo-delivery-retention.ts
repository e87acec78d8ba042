import { REDACTED } from '@vigil/core';
import type { ExpiringDeliveries, TenantDeliveryRetention } from '../../domain/notifications/delivery-retention.js';
import type { DeliveryRetentionModel } from './delivery-retention.model.js';
import { SKIPPED_FOR_ERASURE } from './mongo-delivery-erasure.js';
import type { NotificationDeliveryModel } from './notification-delivery.model.js';

/** Why a delivery still queued when it passed the tenant's retention was never sent. */
export const SKIPPED_FOR_RETENTION = "not sent: past the tenant's retention";

/**
 * The deliveries' retention in MongoDB (ADR 146). A pass reads the tenant's deliveries in creation order from where
 * the last pass stopped, through the `{ tenantId, createdAt }` index, so what is already redacted is not read again.
 * What goes is what ADR 142's erasure removes: the address and the error (a provider's error may quote the address);
 * ids, alert, account id, channel, status, attempts and times stay for the incident record. A delivery still queued
 * ends SKIPPED, as it cannot be sent without its address. Webhook deliveries go to the tenant's own systems and keep
 * their URL (their bodies follow the alert, ADR 136).
 */
export class MongoDeliveryRetention implements ExpiringDeliveries {
  constructor(
    private readonly deliveries: NotificationDeliveryModel,
    private readonly retention: DeliveryRetentionModel,
  ) {}

  async followPurge(tenantId: string, before: Date): Promise<void> {
    await this.retention.updateOne({ _id: tenantId }, { $max: { purgedBefore: before } }, { upsert: true });
  }

  async tenants(): Promise<TenantDeliveryRetention[]> {
    const [withDeliveries, states] = await Promise.all([
      this.deliveries.distinct('tenantId').exec(),
      this.retention.find({}).lean().exec(),
    ]);
    const byTenant = new Map<string, TenantDeliveryRetention>(withDeliveries.map((tenantId) => [tenantId, { tenantId }]));
    for (const state of states) {
      byTenant.set(state._id, {
        tenantId: state._id,
        ...(state.purgedBefore ? { purgedBefore: state.purgedBefore } : {}),
        ...(state.sweptTo ? { sweptTo: state.sweptTo } : {}),
      });
    }
    return [...byTenant.values()];
  }

  async redactBefore(
    tenantId: string,
    before: Date,
    from: Date | undefined,
    limit: number,
  ): Promise<{ last: Date | undefined; read: number; redacted: number }> {
    // In the `{ tenantId, createdAt }` index's order, from the last pass's position: only what still holds an address
    // matches, so a delivery at that very time which the last pass did redact is passed over, one it did not is found.
    const page = await this.deliveries
      .find(
        {
          tenantId,
          createdAt: { ...(from ? { $gte: from } : {}), $lt: before },
          channel: { $ne: 'WEBHOOK' },
          address: { $ne: REDACTED },
        },
        { _id: 1, createdAt: 1 },
      )
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean()
      .exec();
    const last = page.at(-1)?.createdAt;
    if (last === undefined) return { last: undefined, read: 0, redacted: 0 };
    const customer = { _id: { $in: page.map((row) => row._id) } } as const;
    // Finished deliveries first, so the queued ones skipped below keep the reason they were skipped.
    const withError = await this.deliveries.updateMany(
      {
        ...customer,
        status: { $ne: 'QUEUED' },
        lastError: { $exists: true, $nin: [REDACTED, SKIPPED_FOR_ERASURE, SKIPPED_FOR_RETENTION] },
      },
      { $set: { address: REDACTED, lastError: REDACTED } },
    );
    const withoutError = await this.deliveries.updateMany(
      { ...customer, status: { $ne: 'QUEUED' }, address: { $ne: REDACTED } },
      { $set: { address: REDACTED } },
    );
    const queued = await this.deliveries.updateMany(
      { ...customer, status: 'QUEUED' },
      { $set: { status: 'SKIPPED', address: REDACTED, lastError: SKIPPED_FOR_RETENTION }, $unset: { leaseUntil: 1 } },
    );
    return { last, read: page.length, redacted: withError.modifiedCount + withoutError.modifiedCount + queued.modifiedCount };
  }

  async saveProgress(tenantId: string, sweptTo: Date): Promise<void> {
    await this.retention.updateOne({ _id: tenantId }, { $set: { sweptTo } }, { upsert: true });
  }
}
