import { REDACTED } from '@vigil/core';
import type { ErasableDeliveries } from '../../domain/account-erasure.js';
import type { NotificationDeliveryModel } from './notification-delivery.model.js';

/** Why a delivery still queued at the account's erasure was never sent. */
export const SKIPPED_FOR_ERASURE = 'not sent: the account was erased';

/**
 * An erased account's deliveries keep their ids, alert, channel, status, attempts and times (what was sent when, for
 * the audit); the address goes, and the last error with it: a provider's error quoted the address, and one stored
 * before errors were redacted (ADR 142) may still hold it whole. A queued delivery cannot be sent without its address,
 * so it ends SKIPPED; one a worker is sending right now ends as that send ended.
 */
export class MongoDeliveryErasure implements ErasableDeliveries {
  constructor(private readonly deliveries: NotificationDeliveryModel) {}

  async eraseAccount(tenantId: string, accountId: string): Promise<number> {
    const customer = { tenantId, accountId, channel: { $ne: 'WEBHOOK' } } as const;
    const finished = { ...customer, status: { $ne: 'QUEUED' } } as const;
    // Finished deliveries first, so the queued ones skipped below keep the reason they were skipped.
    const withError = await this.deliveries.updateMany(
      { ...finished, lastError: { $exists: true, $nin: [REDACTED, SKIPPED_FOR_ERASURE] } },
      { $set: { address: REDACTED, lastError: REDACTED } },
    );
    const withoutError = await this.deliveries.updateMany(
      { ...finished, address: { $ne: REDACTED } },
      { $set: { address: REDACTED } },
    );
    const queued = await this.deliveries.updateMany(
      { ...customer, status: 'QUEUED' },
      { $set: { status: 'SKIPPED', address: REDACTED, lastError: SKIPPED_FOR_ERASURE }, $unset: { leaseUntil: 1 } },
    );
    return withError.modifiedCount + withoutError.modifiedCount + queued.modifiedCount;
  }
}
