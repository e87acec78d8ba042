import { compareValues } from '../bson/compare.js';
import type { Doc } from '../bson/types.js';
import type { Collection } from '../storage/collection.js';
import type { IndexEntry, OrderedKeys } from '../storage/ordered-keys.js';
import { aboveHi, belowLo, boundable, equalityValues, fieldRange, type Range } from './bounds.js';
import type { SortSpec } from './sort.js';

/**
 * A contiguous stretch of an ordered index: the entries whose leading fields equal the filter's equality
 * values (the prefix) and whose next field lies in the filter's range for it, read forwards or backwards.
 */
export interface OrderedScan {
  count: number;
  /** The scan yields documents in the requested sort order (ties aside: see `readOrdered`). */
  sortedByIndex: boolean;
  /** Positions, within each entry's values, of the sort fields that the index order supplies. */
  sortFields: number[];
  entries(): Generator<IndexEntry>;
}

/** The ordered scan `keys` offers for this filter and sort, or undefined when it narrows nothing. */
export function orderedScan(keys: OrderedKeys, filter: Doc, sort: SortSpec | undefined): OrderedScan | undefined {
  if (!keys.usable) return undefined;
  const { fields, directions } = keys;
  const prefix: unknown[] = [];
  for (const field of fields) {
    const values = equalityValues(filter, field);
    if (!values || values.length !== 1 || !boundable(values[0])) break;
    prefix.push(values[0] ?? null);
  }
  const p = prefix.length;
  const range = p < fields.length ? fieldRange(filter, fields[p] as string) : undefined;
  const order = sortOrder(fields.slice(p), directions.slice(p), fields.slice(0, p), sort);
  if (p === 0 && !range && !order) return undefined;

  const list = keys.entries;
  const { from, to } = spanOf(keys, prefix, range);
  const count = Math.max(0, list.rank(to) - list.rank(from));
  const backward = order?.direction === -1;
  return {
    count,
    sortedByIndex: order !== undefined,
    sortFields: order?.sortFields.map((i) => i + p) ?? [],
    entries: () => (backward ? list.backward(from, to) : list.forward(from, to)),
  };
}

/**
 * Most prefixes one `$in` scan seeks (the product of the pinned fields' value counts). A prefix costs two binary
 * searches, so thousands are cheap, while the fallback past the cap (fewer fields pinned) reads every entry between
 * the lowest and highest value — for a list of event ids, a tenant's whole history (ADR 114: a page's evidence
 * lookup names ~4,000 ids). The cap only bounds the product of several long lists.
 */
const MAX_PREFIXES = 100_000;

/**
 * The scan for a filter pinning the index's leading fields to lists of values (`$in`, as a point lookup of
 * evidence ids does: `{ tenantId, eventId: { $in: [...] } }`): one stretch of the index per combination of values,
 * each cut by the next field's range, read one after the other — MongoDB's multi-interval index bounds. Undefined
 * when fewer than two combinations exist (`orderedScan` covers one). The stretches are disjoint (each entry has one
 * key), but their concatenation is not in sort order, so the caller sorts; its cost is exact: the entries read.
 */
export function inListScan(keys: OrderedKeys, filter: Doc): OrderedScan | undefined {
  if (!keys.usable) return undefined;
  const { fields } = keys;
  let prefixes: unknown[][] = [[]];
  for (const field of fields) {
    const values = equalityValues(filter, field);
    if (!values || values.length === 0 || !values.every(boundable)) break;
    const distinct = distinctValues(values.map((value) => value ?? null));
    if (prefixes.length * distinct.length > MAX_PREFIXES) break;
    prefixes = prefixes.flatMap((prefix) => distinct.map((value) => [...prefix, value]));
  }
  if (prefixes.length < 2) return undefined;
  const p = (prefixes[0] as unknown[]).length;
  const range = p < fields.length ? fieldRange(filter, fields[p] as string) : undefined;
  const list = keys.entries;
  const spans = prefixes.map((prefix) => spanOf(keys, prefix, range));
  const count = spans.reduce((total, { from, to }) => total + Math.max(0, list.rank(to) - list.rank(from)), 0);
  return {
    count,
    sortedByIndex: false,
    sortFields: [],
    *entries() {
      for (const { from, to } of spans) yield* list.forward(from, to);
    },
  };
}

/** Values that compare equal (1, 1.0, Long 1) seek the same stretch: one of each, so no entry is read twice. */
function distinctValues(values: unknown[]): unknown[] {
  const sorted = [...values].sort(compareValues);
  return sorted.filter((value, i) => i === 0 || compareValues(value, sorted[i - 1]) !== 0);
}

/**
 * The stretch of the index whose leading fields equal `prefix` and whose next field lies in `range` (all of it
 * when the prefix pins every field or no range is given), as positions to read forwards from `from` to `to`.
 */
function spanOf(keys: OrderedKeys, prefix: readonly unknown[], range: Range | undefined) {
  const { fields, directions } = keys;
  const p = prefix.length;
  const comparePrefix = (entry: IndexEntry) => {
    for (let i = 0; i < p; i++) {
      const c = compareValues(entry.values[i], prefix[i]);
      if (c !== 0) return c * (directions[i] as number);
    }
    return 0;
  };
  const ascending = directions[p] === 1;
  const beforeRange = (x: unknown) => (ascending ? belowLo(x, range?.lo) : aboveHi(x, range?.hi));
  const afterRange = (x: unknown) => (ascending ? aboveHi(x, range?.hi) : belowLo(x, range?.lo));
  const list = keys.entries;
  const from = list.seek((e) => {
    const c = comparePrefix(e);
    return c > 0 || (c === 0 && (p === fields.length || !beforeRange(e.values[p])));
  });
  const to = list.seek((e) => {
    const c = comparePrefix(e);
    return c > 0 || (c === 0 && p < fields.length && afterRange(e.values[p]));
  });
  return { from, to };
}

/**
 * Whether the index fields after the prefix supply `sort`: the sort (without fields the prefix pins, on
 * which every match ties) must be a leading run of them, all in index direction or all reversed.
 */
function sortOrder(
  rest: string[],
  directions: Array<1 | -1>,
  pinned: string[],
  sort: SortSpec | undefined,
): { direction: 1 | -1; sortFields: number[] } | undefined {
  if (!sort) return undefined;
  const wanted = sort.filter(([field]) => !pinned.includes(field));
  if (wanted.length > rest.length || !wanted.every(([field], i) => field === rest[i])) return undefined;
  const sortFields = wanted.map((_, i) => i);
  if (wanted.every(([, d], i) => d === directions[i])) return { direction: 1, sortFields };
  if (wanted.every(([, d], i) => d === -(directions[i] as number))) return { direction: -1, sortFields };
  return undefined;
}

const sameSortKey = (a: IndexEntry, b: IndexEntry, fields: number[]) =>
  fields.every((i) => compareValues(a.values[i], b.values[i]) === 0);

/**
 * Run an ordered scan: test each document; when the index supplies the order and only `limit` results are
 * wanted, stop once `limit` matched and the last tie is complete. Ties (equal sort keys) come out in natural
 * order, as a stable sort of a collection scan gives them; without a sort everything is in natural order.
 * Undefined when more than `budget` documents were examined (the caller falls back to another plan).
 */
export function readOrdered(
  collection: Collection,
  scan: OrderedScan,
  request: { test: (doc: Doc) => boolean; limit?: number },
  budget: number,
): { docs: Doc[]; examined: number } | undefined {
  const matched: Array<{ entry: IndexEntry; doc: Doc }> = [];
  const early = scan.sortedByIndex && request.limit ? request.limit : Infinity;
  let examined = 0;
  for (const entry of scan.entries()) {
    const last = matched[matched.length - 1];
    if (matched.length >= early && last && !sameSortKey(entry, last.entry, scan.sortFields)) break;
    if (++examined > budget) return undefined;
    const doc = collection.get(entry.id);
    if (doc && request.test(doc)) matched.push({ entry, doc });
  }
  if (!scan.sortedByIndex) return { docs: matched.sort((a, b) => a.entry.pos - b.entry.pos).map((m) => m.doc), examined };
  // Within each run of equal sort keys, natural order (the index gives position order only scanning forwards).
  const docs: Doc[] = [];
  for (let start = 0; start < matched.length;) {
    let end = start + 1;
    while (
      end < matched.length &&
      sameSortKey((matched[end] as { entry: IndexEntry }).entry, (matched[start] as { entry: IndexEntry }).entry, scan.sortFields)
    )
      end++;
    const run = matched.slice(start, end).sort((a, b) => a.entry.pos - b.entry.pos);
    for (const m of run) docs.push(m.doc);
    start = end;
  }
  return { docs, examined };
}
