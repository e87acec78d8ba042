/**
 * How long a customer notification delivery keeps the address it went to (ADR 146). A delivery holds the customer's
 * email, phone number or device token, and a provider's error about it; it is no activity event and has no category
 * of its own, but it exists because of the tenant's events (the alert it announced). So it follows the tenant's
 * retention as alerts learn it, from the purge records in the chain (ADR 134): past the latest cut-off a purge
 * names, the shortest period the tenant set for any category, whatever the alert was about. That errs on the side of
 * forgetting: a delivery never keeps an address longer than the tenant keeps the events it was about.
 */
import type { ActivityCategory } from '@vigil/core/domain';

/** The instant before which the tenant's deliveries lose their addresses, from one purge record's cut-offs. */
export function deliveryCutoff(cutoffs: ReadonlyMap<ActivityCategory, Date>): Date | undefined {
  let latest: Date | undefined;
  for (const cutoff of cutoffs.values()) if (latest === undefined || cutoff > latest) latest = cutoff;
  return latest;
}

/** Where detection leaves a tenant's purge cut-off for the delivery retention sweep (the sweep does the writes). */
export interface DeliveriesFollowingPurges {
  /** Remembers that the tenant's deliveries before `before` are past its retention; never moves it back. */
  followPurge(tenantId: string, before: Date): Promise<void>;
}

/** One pass's view of a tenant: its purge cut-off if one was recorded, and how far earlier passes got. */
export interface TenantDeliveryRetention {
  readonly tenantId: string;
  readonly purgedBefore?: Date;
  /** The creation time of the last delivery an earlier pass redacted: the next pass reads from there. */
  readonly sweptTo?: Date;
}

/** The store the sweep works on. */
export interface ExpiringDeliveries extends DeliveriesFollowingPurges {
  /** Every tenant with deliveries or a recorded cut-off, with its state. */
  tenants(): Promise<TenantDeliveryRetention[]>;
  /**
   * Redacts up to `limit` of the tenant's customer deliveries still holding an address that were created before
   * `before` (and not before `from`), oldest first; answers how many it read, how many it changed (fewer when another
   * instance got there first) and the creation time of the last (undefined: none left).
   */
  redactBefore(
    tenantId: string,
    before: Date,
    from: Date | undefined,
    limit: number,
  ): Promise<{ readonly last: Date | undefined; readonly read: number; readonly redacted: number }>;
  /** Saves where the tenant's next pass resumes. */
  saveProgress(tenantId: string, sweptTo: Date): Promise<void>;
}
