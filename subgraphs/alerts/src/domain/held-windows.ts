import type { DetectionEvent } from './detection-event.js';
import { dropBefore, insertInOrder, type WindowEntry } from './window-entries.js';

/**
 * The window entries a WindowCache holds, over every tenant, least recently used first (ADR 115). Bounded: an entry
 * counts its events and itself (so many empty keys are bounded too); past `maxWeight` the least recently used
 * entries are forgotten.
 */
export class HeldWindows {
  private readonly entries = new Map<string, WindowEntry>();
  private weight = 0;

  constructor(private readonly maxWeight: number) {}

  /** The entry, marked as used most recently. */
  use(tenantId: string, key: string): WindowEntry | undefined {
    const id = idOf(tenantId, key);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  /** Holds `entry` for the key (in place of any before), then keeps within the bound. */
  hold(tenantId: string, key: string, entry: WindowEntry): void {
    const id = idOf(tenantId, key);
    const replaced = this.entries.get(id);
    if (replaced !== undefined) this.weight -= weightOf(replaced);
    this.entries.delete(id);
    this.entries.set(id, entry);
    this.weight += weightOf(entry);
    this.evict();
  }

  /** Adds a newly stored event to the held entry of the key, if one holds its time; then keeps within the bound. */
  add(tenantId: string, key: string, event: DetectionEvent): void {
    const entry = this.entries.get(idOf(tenantId, key));
    if (entry !== undefined && event.occurredAt.getTime() >= entry.from && insertInOrder(entry, event)) this.weight += 1;
    this.evict();
  }

  /** Drops every held event older than `time` (the store purged them). */
  dropBefore(time: number): void {
    for (const entry of this.entries.values()) this.weight -= dropBefore(entry, time);
  }

  forget(tenantId: string): void {
    const prefix = idOf(tenantId, '');
    for (const [id, entry] of this.entries) {
      if (!id.startsWith(prefix)) continue;
      this.entries.delete(id);
      this.weight -= weightOf(entry);
    }
  }

  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.weight <= this.maxWeight) return;
      this.entries.delete(id);
      this.weight -= weightOf(entry);
    }
  }
}

const idOf = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;

/** What an entry counts against the bound: its events, and itself. */
function weightOf(entry: WindowEntry): number {
  return entry.events.length + 1;
}
