/** What the cache reports to the metrics (src/metrics.ts); optional so tests need none. */
export interface WindowCacheObserver {
  /** A window read answered from memory (`cache`) or with a store read (`store`: keys loaded, or the tenant not held). */
  windowRead(answer: 'cache' | 'store'): void;
  /** A tenant's entries forgotten: another instance recorded, the count started over, or a recording failed. */
  forgotten(): void;
}

/**
 * Most events the cache holds over every tenant before it forgets the least recently used keys (an event counts
 * once per key it is held under, and every key held counts one more, so that many empty keys are bounded too); its
 * evidence index forgets everything past the same number.
 */
export const WINDOW_CACHE_EVENTS = 100_000;
