import type { ExpiringDeliveries } from '../../domain/notifications/delivery-retention.js';

const DAY_MS = 86_400_000;

/** Deliveries one pass redacts at most, across tenants: a pass is a few short writes, whatever the backlog. */
export const DELIVERY_RETENTION_BATCH = 500;

/**
 * The delivery retention sweep (ADR 146), a pass an hour on every instance (the `delivery-retention` task; the writes
 * are idempotent, so two instances at once only repeat each other). Per tenant, deliveries created before its cut-off
 * lose their addresses: the latest cut-off of its retention purges (as detection applied them), or `boundDays` ago
 * (ALERTS_DELIVERY_RETENTION_DAYS) when that is later, which also bounds a tenant whose purges have never been seen.
 * At most `batch` deliveries a pass; each tenant resumes where its last pass stopped.
 */
export class DeliveryRetentionSweeper {
  constructor(
    private readonly deliveries: ExpiringDeliveries,
    private readonly boundDays: number,
  ) {}

  /** One pass; answers how many deliveries it redacted. */
  async sweep(now = new Date(), batch = DELIVERY_RETENTION_BATCH): Promise<number> {
    const bound = new Date(now.getTime() - this.boundDays * DAY_MS);
    let budget = batch;
    let redacted = 0;
    for (const tenant of await this.deliveries.tenants()) {
      if (budget <= 0) break;
      const before = tenant.purgedBefore !== undefined && tenant.purgedBefore > bound ? tenant.purgedBefore : bound;
      const page = await this.deliveries.redactBefore(tenant.tenantId, before, tenant.sweptTo, budget);
      if (page.last === undefined) continue;
      budget -= page.read;
      redacted += page.redacted;
      await this.deliveries.saveProgress(tenant.tenantId, page.last);
    }
    return redacted;
  }
}
