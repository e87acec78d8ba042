import type { DetectionEvent, EventKind } from '../detection-event.js';

/**
 * What a window of events comes to for one rule, kept up to date as events enter and leave it (ADR 117), so that a
 * sweep over a key's events touches each event twice instead of rebuilding every window: an attacker flooding one
 * IP or account made the rules' cost per event grow with the flood.
 */
export interface WindowTally {
  add(event: DetectionEvent): void;
  remove(event: DetectionEvent): void;
  /** The rule's condition holds for the events in the window now. */
  satisfied(): boolean;
  /** The window's size in the rule's terms: the largest satisfied window gives the finding its numbers. */
  size(): number;
}

/** Windows holding at least `threshold` events (the counting rules). */
export function eventCount(threshold: number): WindowTally {
  let events = 0;
  return {
    add: () => void (events += 1),
    remove: () => void (events -= 1),
    satisfied: () => events >= threshold,
    size: () => events,
  };
}

/** How many times each key occurs in the window; `distinct` keys, and the keys occurring at most `atMost` times. */
class KeyCounts {
  private readonly counts = new Map<string, number>();
  distinct = 0;
  few = 0;

  constructor(private readonly atMost: number) {}

  add(key: string): void {
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count === 1) {
      this.distinct += 1;
      this.few += 1;
    }
    if (count === this.atMost + 1) this.few -= 1;
  }

  remove(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count <= 0) this.counts.delete(key);
    else this.counts.set(key, count);
    if (count === 0) {
      this.distinct -= 1;
      this.few -= 1;
    }
    if (count === this.atMost) this.few += 1;
  }
}

/**
 * Windows where at least `minAccounts` accounts were tried at most `maxPerAccount` times each (and, when given, at
 * least `minAttempts` events in all): spraying and stuffing. Size: those lightly tried accounts.
 */
export function lightlyTriedAccounts(options: {
  readonly maxPerAccount: number;
  readonly minAccounts: number;
  readonly minAttempts?: number;
}): WindowTally {
  const accounts = new KeyCounts(options.maxPerAccount);
  let events = 0;
  return {
    add: (event) => {
      events += 1;
      accounts.add(event.accountId);
    },
    remove: (event) => {
      events -= 1;
      accounts.remove(event.accountId);
    },
    satisfied: () => events >= (options.minAttempts ?? 0) && accounts.few >= options.minAccounts,
    size: () => accounts.few,
  };
}

/** Windows holding at least `threshold` distinct keys (`keysOf` gives an event's keys, possibly none). Size: the keys. */
export function distinctKeys(threshold: number, keysOf: (event: DetectionEvent) => readonly string[]): WindowTally {
  const keys = new KeyCounts(Number.POSITIVE_INFINITY);
  return {
    add: (event) => keysOf(event).forEach((key) => keys.add(key)),
    remove: (event) => keysOf(event).forEach((key) => keys.remove(key)),
    satisfied: () => keys.distinct >= threshold,
    size: () => keys.distinct,
  };
}

/** Windows holding an event of every one of `kinds` (a chain of steps). Size: the events. */
export function everyKind(kinds: readonly EventKind[]): WindowTally {
  const present = distinctKeys(kinds.length, (event) => kinds.filter((kind) => event.kinds.includes(kind)));
  let events = 0;
  return {
    add: (event) => {
      events += 1;
      present.add(event);
    },
    remove: (event) => {
      events -= 1;
      present.remove(event);
    },
    satisfied: () => present.satisfied(),
    size: () => events,
  };
}
