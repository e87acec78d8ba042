/**
 * A retention purge as detection follows it (ADR 134): activity-logs records `system.retention.purged` in the chain
 * with every category's cut-off (`cutoff_<category>` in its metadata, ISO times). Detection's own copies of the
 * tenant's events (its rule windows: IPs, device ids, locations) must not outlive the tenant's policy for them, so
 * the copies older than their category's cut-off go too. Copies of held accounts' events go as well: the log keeps
 * those events, and the copies are derived state, not the record.
 */
import { ACTIVITY_CATEGORIES, EventTaxonomy, type ActivityCategory } from '@vigil/core/domain';

/** Rule state that can drop what a tenant's retention policy has expired. */
export interface PurgeableHistory {
  /** Deletes the tenant's events older than their category's cut-off; answers how many went. Idempotent. */
  purgeExpired(tenantId: string, cutoffs: ReadonlyMap<ActivityCategory, Date>): Promise<number>;
}

/** The cut-offs a purge record names, by category; a missing or unreadable one is left out (nothing purged by it). */
export function purgeCutoffs(metadata: Readonly<Record<string, unknown>> | undefined): Map<ActivityCategory, Date> {
  const cutoffs = new Map<ActivityCategory, Date>();
  for (const category of ACTIVITY_CATEGORIES) {
    const value = metadata?.[`cutoff_${category.toLowerCase()}`];
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(time)) cutoffs.set(category, new Date(time));
  }
  return cutoffs;
}

const TAXONOMY = new EventTaxonomy();

/**
 * The category of a type detection keeps. Detection keeps only types of the shared taxonomy (detection-event.ts), so
 * every one resolves; anything else answers undefined and is left to the fixed retention sweep.
 */
export function categoryOfType(type: string): ActivityCategory | undefined {
  const resolved = TAXONOMY.resolve(type, 'VIGIL');
  return resolved.ok ? resolved.definition.category : undefined;
}
