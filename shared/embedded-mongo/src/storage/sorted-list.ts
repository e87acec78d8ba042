/**
 * A sorted sequence as a list of small sorted chunks (the "sorted list of lists" layout): a lookup is a
 * binary search over the chunks' last items and then inside one chunk, an insert or delete splices one
 * chunk of at most MAX_CHUNK items, and a chunk that grows past MAX_CHUNK is split in two. Inserting
 * stays O(log n) comparisons plus a bounded copy at any size, where a single sorted array would copy
 * half the index on every insert. Items must be unique under `compare` (callers add a tie-breaker).
 */
const MAX_CHUNK = 512;

/** A place in the list: chunk number and offset in it. `{ chunk: chunks.length, offset: 0 }` is the end. */
export interface ListPosition {
  chunk: number;
  offset: number;
}

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Replace the contents with `items`, which the caller has sorted (bulk build for a new index). */
  load(items: T[]): void {
    this.chunks = [];
    for (let i = 0; i < items.length; i += MAX_CHUNK / 2) this.chunks.push(items.slice(i, i + MAX_CHUNK / 2));
    this.count = items.length;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.count = 1;
      return;
    }
    // Keys that only grow (a sequence, a recording time) or only shrink (the same under a descending key) land
    // at an end: one comparison instead of two binary searches. Same place as the search below would find.
    const lastChunk = this.chunks[this.chunks.length - 1] as T[];
    if (this.compare(lastChunk[lastChunk.length - 1] as T, item) < 0) {
      this.place(this.chunks.length - 1, lastChunk.length, item);
      return;
    }
    const firstChunk = this.chunks[0] as T[];
    if (this.compare(firstChunk[0] as T, item) > 0) {
      this.place(0, 0, item);
      return;
    }
    // The first chunk whose last item is not below `item`; past every chunk, the last one grows.
    let at = this.firstChunkWhere((last) => this.compare(last, item) >= 0);
    if (at === this.chunks.length) at--;
    const chunk = this.chunks[at] as T[];
    this.place(
      at,
      lowerBound(chunk, (x) => this.compare(x, item) >= 0),
      item,
    );
  }

  /** Put `item` at `offset` in chunk `at`, splitting the chunk when it outgrows MAX_CHUNK. */
  private place(at: number, offset: number, item: T): void {
    const chunk = this.chunks[at] as T[];
    if (offset === chunk.length) chunk.push(item);
    else chunk.splice(offset, 0, item);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(at + 1, 0, chunk.splice(MAX_CHUNK / 2));
  }

  /** Remove the item equal to `item` under `compare`; false when absent. */
  delete(item: T): boolean {
    const at = this.firstChunkWhere((last) => this.compare(last, item) >= 0);
    const chunk = this.chunks[at];
    if (!chunk) return false;
    const offset = lowerBound(chunk, (x) => this.compare(x, item) >= 0);
    if (offset >= chunk.length || this.compare(chunk[offset] as T, item) !== 0) return false;
    chunk.splice(offset, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(at, 1);
    return true;
  }

  /** Position of the first item for which `reached` holds (`reached` must be false, then true, in list order). */
  seek(reached: (item: T) => boolean): ListPosition {
    const chunk = this.firstChunkWhere(reached);
    if (chunk === this.chunks.length) return { chunk, offset: 0 };
    return { chunk, offset: lowerBound(this.chunks[chunk] as T[], reached) };
  }

  /** Number of items before `position` (O(number of chunks), for plan costing). */
  rank(position: ListPosition): number {
    let n = position.offset;
    for (let i = 0; i < position.chunk; i++) n += (this.chunks[i] as T[]).length;
    return n;
  }

  /** Items in [from, to), in list order. */
  *forward(from: ListPosition, to: ListPosition): Generator<T> {
    let { chunk, offset } = from;
    while (chunk < to.chunk || (chunk === to.chunk && offset < to.offset)) {
      const items = this.chunks[chunk];
      if (!items) return;
      if (offset >= items.length) {
        chunk++;
        offset = 0;
        continue;
      }
      yield items[offset] as T;
      offset++;
    }
  }

  /** Items in [from, to), last first. */
  *backward(from: ListPosition, to: ListPosition): Generator<T> {
    let chunk = to.chunk;
    let offset = to.offset - 1;
    for (;;) {
      if (offset < 0) {
        chunk--;
        if (chunk < 0) return;
        offset = (this.chunks[chunk] as T[]).length - 1;
        continue;
      }
      if (chunk < from.chunk || (chunk === from.chunk && offset < from.offset)) return;
      yield (this.chunks[chunk] as T[])[offset] as T;
      offset--;
    }
  }

  /** Every item in order (tests and consistency checks). */
  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  private firstChunkWhere(reached: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid] as T[];
      if (reached(chunk[chunk.length - 1] as T)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** First index in sorted `items` where `reached` holds (items.length if none). */
function lowerBound<T>(items: T[], reached: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reached(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
