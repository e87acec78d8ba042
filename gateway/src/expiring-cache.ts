/**
 * A bounded map whose entries expire: the gateway's per-process caches (verified tokens, upstream signatures)
 * are built on it. At most `maxEntries`; past that the least recently used entry goes. An entry is returned only
 * strictly before its own expiry, and dropped when read after it.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAtMs: number }>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('ExpiringCache: maxEntries must be a positive integer.');
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (nowMs >= entry.expiresAtMs) return undefined;
    this.entries.set(key, entry); // most recently used last: Map keeps insertion order
    return entry.value;
  }

  set(key: string, value: V, expiresAtMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
