import type { ChainEntry } from './activity-chain.js';

/**
 * The most handed-over entries one consumer keeps, across all tenants (ADR 116). A consumer behind its messages
 * (detection lags the calls during a burst) keeps what it was handed instead of reading it back from the chain,
 * up to this many; past it, the tenants kept least recently are dropped first, then a tenant's oldest entries.
 * The entries are shared with the message (and with the other consumers of the process), so the cost is the
 * references plus the events' own ~1 KB each while anyone holds them.
 */
export const HAND_OVER_BUDGET = 20_000;

/**
 * Per tenant, the entries handed over with the bus messages and not handled yet: consecutive sequences, at most
 * `budget` entries in all. Dropping any of them is always safe — the chain is the source of truth and the consumer
 * reads what it was not handed — so the bound only decides how much a lagging consumer reads back.
 */
export class HandedOverEntries {
  /** In the order the tenants were last kept: the first is dropped first. */
  private readonly byTenant = new Map<string, readonly ChainEntry[]>();
  private total = 0;

  constructor(private readonly budget: number = HAND_OVER_BUDGET) {
    if (!Number.isInteger(budget) || budget < 0) throw new Error(`hand-over budget must be a whole number ≥ 0, got ${budget}`);
  }

  /** Entries kept across all tenants. */
  get size(): number {
    return this.total;
  }

  of(tenantId: string): readonly ChainEntry[] {
    return this.byTenant.get(tenantId) ?? [];
  }

  /** What is kept for the tenant from now on (its newest `budget` entries); other tenants make room, oldest first. */
  set(tenantId: string, entries: readonly ChainEntry[]): void {
    this.delete(tenantId);
    const kept = entries.length > this.budget ? entries.slice(entries.length - this.budget) : entries;
    if (kept.length === 0) return;
    for (const other of this.byTenant.keys()) {
      if (this.total + kept.length <= this.budget) break;
      this.delete(other);
    }
    this.byTenant.set(tenantId, kept);
    this.total += kept.length;
  }

  /** A batch just handed over: after what is kept when it continues it, else in its place. */
  append(tenantId: string, entries: readonly ChainEntry[]): void {
    const kept = this.of(tenantId);
    const continues = kept.length > 0 && entries[0]?.sequence === kept.at(-1)!.sequence + 1;
    this.set(tenantId, continues ? [...kept, ...entries] : entries);
  }

  delete(tenantId: string): void {
    const kept = this.byTenant.get(tenantId);
    if (kept === undefined) return;
    this.total -= kept.length;
    this.byTenant.delete(tenantId);
  }

  clear(): void {
    this.byTenant.clear();
    this.total = 0;
  }
}
