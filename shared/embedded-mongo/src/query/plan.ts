import { keyOf } from '../bson/key.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import type { Collection } from '../storage/collection.js';
import type { SecondaryIndex } from '../storage/index-engine.js';
import { equalityValues } from './bounds.js';
import { inListScan, orderedScan, readOrdered, type OrderedScan } from './ordered-scan.js';
import { sortDocuments, type SortSpec } from './sort.js';

/**
 * What one reader sees of a collection: the committed documents (as of `snapshot`, a write sequence, for a
 * transaction), overlaid by the reader's own uncommitted transaction writes (`overlay`: idKey → new
 * document, or null for deleted).
 */
export interface CollectionView {
  collection: Collection | undefined;
  overlay?: Map<string, Doc | null>;
  snapshot?: number;
}

/** What a read needs: the filter (for planning), its compiled test, the order, and how many results are wanted. */
export interface ReadRequest {
  filter: Doc;
  test: (doc: Doc) => boolean;
  sort?: SortSpec;
  /** Only the first `limit` documents in `sort` order are wanted (0 or absent: all). */
  limit?: number;
}

/** How a query was answered, for tests and the benchmark (`explain`-like). */
export interface PlanInfo {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  /** Index bounds or sort were used (an ordered index scan), and whether it supplied the sort order. */
  ordered?: { sortedByIndex: boolean };
  /** Documents read and tested against the filter. */
  examined?: number;
}

function resolveDoc(view: CollectionView, idKey: string): Doc | undefined {
  if (view.overlay?.has(idKey)) return view.overlay.get(idKey) ?? undefined;
  if (view.snapshot !== undefined) return view.collection?.visibleAt(idKey, view.snapshot);
  return view.collection?.get(idKey);
}

/** Fields the filter constrains by equality at top level (index-selection input). */
function equalityFields(filter: Doc): string[] {
  const fields = Object.keys(filter).filter((k) => !k.startsWith('$'));
  if (Array.isArray(filter.$and)) for (const c of filter.$and) if (isPlainObject(c)) fields.push(...equalityFields(c));
  return fields;
}

/** A way to answer a read, with its estimated cost in documents examined. */
type Option =
  | { kind: 'ids'; stage: 'IDHACK'; ids: string[]; cost: number }
  | { kind: 'ids'; stage: 'IXSCAN'; indexName: string; sets: Array<Set<string>>; cost: number }
  | { kind: 'ordered'; indexName: string; scan: OrderedScan; cost: number }
  | { kind: 'scan'; cost: number };

function hashOption(index: SecondaryIndex, filter: Doc, fields: string[]): Option | undefined {
  if (!fields.includes(index.fields[0] as string)) return undefined;
  const perField = index.fields.map((f) => (fields.includes(f) ? equalityValues(filter, f) : undefined));
  let sets: Array<Set<string>> | undefined;
  if (perField.every((values) => values !== undefined)) sets = index.compoundSets(perField as unknown[][]);
  if (!sets && perField[0]) sets = index.lookupSets(perField[0]);
  if (!sets) return undefined;
  return { kind: 'ids', stage: 'IXSCAN', indexName: index.name, sets, cost: sets.reduce((n, s) => n + s.size, 0) };
}

/** Every way the collection's indexes can answer the read, plus the collection scan. */
function options(collection: Collection, request: ReadRequest): Option[] {
  const { filter } = request;
  const fields = equalityFields(filter);
  if (fields.includes('_id')) {
    const values = equalityValues(filter, '_id');
    if (values && values.every((v) => !Array.isArray(v))) {
      return [{ kind: 'ids', stage: 'IDHACK', ids: values.map((v) => keyOf(v)), cost: values.length }];
    }
  }
  const found: Option[] = [{ kind: 'scan', cost: collection.docs.size }];
  for (const index of collection.indexes) {
    if (!index.complete) continue;
    const hashed = hashOption(index, filter, fields);
    if (hashed) found.push(hashed);
    const scan = index.ordered ? orderedScan(index.ordered, filter, request.sort) : undefined;
    if (scan) {
      const cost = scan.sortedByIndex && request.limit ? Math.min(scan.count, request.limit) : scan.count;
      found.push({ kind: 'ordered', indexName: index.name, scan, cost });
    }
    const points = index.ordered ? inListScan(index.ordered, filter) : undefined;
    if (points) found.push({ kind: 'ordered', indexName: index.name, scan: points, cost: points.count });
  }
  // Cheapest first; on a tie, a plan that supplies the sort order, then an ordered scan over hash lookups.
  const rank = (o: Option) => (o.kind === 'ordered' ? (o.scan.sortedByIndex ? 0 : 1) : o.kind === 'ids' ? 2 : 3);
  return found.sort((a, b) => a.cost - b.cost || rank(a) - rank(b));
}

function idsOf(option: Option, collection: Collection): Iterable<string> {
  if (option.kind === 'scan') return collection.docs.keys();
  if (option.kind === 'ordered') return [...option.scan.entries()].map((e) => e.id);
  if (option.stage === 'IDHACK') return option.ids;
  if (option.sets.length === 1) return option.sets[0] as Set<string>;
  const out = new Set<string>();
  for (const set of option.sets) for (const id of set) out.add(id);
  return out;
}

function describe(option: Option, plan: PlanInfo | undefined): void {
  if (!plan) return;
  if (option.kind === 'scan') {
    plan.stage = 'COLLSCAN';
    return;
  }
  plan.stage = option.kind === 'ids' ? option.stage : 'IXSCAN';
  if (option.kind === 'ordered') plan.ordered = { sortedByIndex: option.scan.sortedByIndex };
  if (option.kind === 'ordered' || option.stage === 'IXSCAN') plan.indexName = option.indexName;
}

/**
 * The documents matching the request, sorted and cut to `limit` when asked. The index (or `_id` map)
 * only narrows what is read: the filter is always re-applied, so an index can never change a result.
 * An ordered index scan that supplies the sort order stops after `limit` matches (plus the rest of the
 * last tie); if it examines more than the next best plan would have, it gives way to that plan.
 */
export function readMatching(view: CollectionView, request: ReadRequest, plan?: PlanInfo): Doc[] {
  const collection = view.collection;
  if (!collection) return [];
  const ranked = options(collection, request);
  const best = ranked[0] as Option;
  describe(best, plan);
  const autoCommit = view.snapshot === undefined && !view.overlay;
  if (autoCommit && best.kind === 'ordered') {
    const alternative = ranked[1]?.cost ?? Infinity;
    const budget = best.scan.sortedByIndex && request.limit ? Math.max(alternative, 2 * request.limit) : Infinity;
    const read = readOrdered(collection, best.scan, request, budget);
    if (read) {
      if (plan) plan.examined = read.examined;
      const sorted = request.sort && !best.scan.sortedByIndex ? sortDocuments(read.docs, request.sort) : read.docs;
      return request.limit ? sorted.slice(0, request.limit) : sorted;
    }
    const fallback = ranked[1] as Option;
    describe(fallback, plan);
    return readIds(view, fallback, request, plan);
  }
  return readIds(view, best, request, plan);
}

/**
 * Read candidates by id (index, `_id` map or every document), filter, sort, cut. Matches from an index are
 * put back in natural order first (absent documents last), so that unsorted results and sort ties come out
 * as a collection scan gives them: an index narrows a read, it never reorders it.
 */
function readIds(view: CollectionView, option: Option, request: ReadRequest, plan?: PlanInfo): Doc[] {
  const collection = view.collection as Collection;
  let found: Array<{ id: string; doc: Doc }> = [];
  let examined = 0;
  const autoCommit = view.snapshot === undefined && !view.overlay;
  if (autoCommit && option.kind === 'scan') {
    for (const [id, doc] of collection.docs) {
      examined++;
      if (request.test(doc)) found.push({ id, doc });
    }
  } else {
    const ids = new Set(idsOf(option, collection));
    if (!autoCommit) {
      // The index describes the current state: a snapshot may still see documents changed or deleted since,
      // and a transaction sees its own writes whatever the committed index says.
      if (view.snapshot !== undefined) for (const id of collection.history.changedIds()) ids.add(id);
      if (view.overlay) for (const id of view.overlay.keys()) ids.add(id);
    }
    for (const id of ids) {
      const doc = autoCommit ? collection.get(id) : resolveDoc(view, id);
      if (!doc) continue;
      examined++;
      if (request.test(doc)) found.push({ id, doc });
    }
    if (option.kind !== 'scan' && !(option.kind === 'ids' && option.stage === 'IDHACK')) {
      const at = (id: string) => collection.position(id) ?? Infinity;
      found = found.map((m) => ({ ...m, pos: at(m.id) })).sort((a, b) => (a.pos === b.pos ? 0 : a.pos - b.pos));
    }
  }
  if (plan) plan.examined = examined;
  const docs = found.map((m) => m.doc);
  const sorted = request.sort ? sortDocuments(docs, request.sort) : docs;
  return request.limit ? sorted.slice(0, request.limit) : sorted;
}
