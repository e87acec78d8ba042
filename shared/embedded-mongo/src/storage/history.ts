import type { Doc } from '../bson/types.js';

/**
 * Old document versions kept for transaction snapshots (MongoDB's snapshot isolation): while any
 * transaction is open, a document's state is remembered before it is overwritten or deleted, so a
 * transaction that began at sequence S reads each document as it was at S. Nothing is kept while no
 * transaction is open, and everything is dropped when the last one ends.
 */

let openSnapshots = 0;
/** The write sequence from which old versions are being kept (undefined while no snapshot is open). */
let recordingSince: number | undefined;
const withHistory = new Set<VersionHistory>();

/** Register an open snapshot (a transaction or a snapshot read session); `current` is the write sequence now. */
export function openSnapshot(current: number): void {
  if (openSnapshots === 0) recordingSince = current;
  openSnapshots++;
}

export function closeSnapshot(): void {
  openSnapshots = Math.max(0, openSnapshots - 1);
  if (openSnapshots > 0) return;
  recordingSince = undefined;
  for (const history of withHistory) history.clear();
  withHistory.clear();
}

/** Whether a read as of write sequence `at` can be answered: nothing changed since, or old versions kept from then on. */
export function historyCovers(at: number, current: number): boolean {
  return at === current || (recordingSince !== undefined && at >= recordingSince && at <= current);
}

interface State {
  /** Sequence from which this state held. */
  from: number;
  doc: Doc | null;
}

export class VersionHistory {
  private readonly past = new Map<string, State[]>();
  private readonly deletedAt = new Map<string, number>();

  /** Call before a document changes; `current` is its state now (undefined when absent). */
  remember(idKey: string, current: Doc | undefined, currentFrom: number | undefined): void {
    if (openSnapshots === 0) return;
    const from = current ? currentFrom : this.deletedAt.get(idKey);
    if (from === undefined) return; // absent since before every open snapshot
    let states = this.past.get(idKey);
    if (!states) this.past.set(idKey, (states = []));
    states.push({ from, doc: current ?? null });
    withHistory.add(this);
  }

  markDeleted(idKey: string, sequence: number): void {
    if (openSnapshots === 0) return;
    this.deletedAt.set(idKey, sequence);
    withHistory.add(this);
  }

  markWritten(idKey: string): void {
    this.deletedAt.delete(idKey);
  }

  deletedSince(idKey: string, sequence: number): boolean {
    return (this.deletedAt.get(idKey) ?? 0) > sequence;
  }

  /** Ids whose state changed while snapshots were open (they may be visible to a snapshot though gone or changed now). */
  changedIds(): Iterable<string> {
    return new Set([...this.past.keys(), ...this.deletedAt.keys()]);
  }

  /** The document as of `sequence`, given its current state. */
  visibleAt(idKey: string, sequence: number, current: Doc | undefined, currentFrom: number | undefined): Doc | undefined {
    if (current && currentFrom !== undefined && currentFrom <= sequence) return current;
    if (!current && !this.deletedSince(idKey, sequence)) return undefined;
    const states = this.past.get(idKey) ?? [];
    for (let i = states.length - 1; i >= 0; i--) {
      const state = states[i] as State;
      if (state.from <= sequence) return state.doc ?? undefined;
    }
    return undefined;
  }

  clear(): void {
    this.past.clear();
    this.deletedAt.clear();
  }
}
