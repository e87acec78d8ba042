/**
 * Retention rules: how long each category of a tenant's events is kept, and what legal holds block.
 */
import type { ActivityCategory } from '@vigil/core/domain';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MIN_RETENTION_DAYS = 30;
/** 7 years, counting leap days. */
export const MAX_RETENTION_DAYS = 7 * 365 + 2;
/** Applied when a tenant has not set a period for a category: long enough for typical audit contracts. */
export const DEFAULT_RETENTION_DAYS = 400;

export interface RetentionPolicy {
  readonly tenantId: string;
  /** Absent: DEFAULT_RETENTION_DAYS. */
  readonly defaultDays?: number;
  readonly byCategory: Partial<Readonly<Record<ActivityCategory, number>>>;
}

export function validateRetentionDays(days: number): string | null {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    return `Retention is a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} (7 years); got ${days}.`;
  }
  return null;
}

export function retentionDaysFor(policy: RetentionPolicy | null, category: ActivityCategory): number {
  return policy?.byCategory[category] ?? policy?.defaultDays ?? DEFAULT_RETENTION_DAYS;
}

/** Events of `category` that occurred before this instant are expired. */
export function expiryCutoff(policy: RetentionPolicy | null, category: ActivityCategory, now: Date): Date {
  return new Date(now.getTime() - retentionDaysFor(policy, category) * DAY_MS);
}

export interface LegalHold {
  readonly tenantId: string;
  /** Absent: the hold covers the whole tenant. */
  readonly accountId?: string;
}

/** What the purge may touch: nothing under a tenant-wide hold; otherwise every account except held ones. */
export function purgeScope(holds: readonly LegalHold[]): {
  readonly blocked: boolean;
  readonly heldAccountIds: readonly string[];
} {
  if (holds.some((hold) => hold.accountId === undefined)) return { blocked: true, heldAccountIds: [] };
  return { blocked: false, heldAccountIds: [...new Set(holds.map((hold) => hold.accountId!))] };
}
