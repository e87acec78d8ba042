import { keyOf } from '../bson/compare.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import type { Collection } from '../storage/collection.js';

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

function resolveDoc(view: CollectionView, idKey: string): Doc | undefined {
  if (view.overlay?.has(idKey)) return view.overlay.get(idKey) ?? undefined;
  if (view.snapshot !== undefined) return view.collection?.visibleAt(idKey, view.snapshot);
  return view.collection?.get(idKey);
}

/** Equality values a filter requires for a top-level field, if any (from `f: v`, `$eq`, `$in`, `$and`). */
export function equalityValues(filter: Doc, field: string): unknown[] | undefined {
  if (field in filter) {
    const condition: unknown = filter[field];
    if (condition instanceof RegExp) return undefined;
    if (isPlainObject(condition)) {
      const keys = Object.keys(condition);
      const hasOperators = keys.some((k) => k.startsWith('$'));
      if (!hasOperators) return [condition];
      if ('$eq' in condition && !(condition.$eq instanceof RegExp)) return [condition.$eq];
      if (Array.isArray(condition.$in) && !condition.$in.some((v) => v instanceof RegExp || isPlainObject(v) && '$regex' in v)) {
        return condition.$in as unknown[];
      }
      return undefined;
    }
    return [condition];
  }
  if (Array.isArray(filter.$and)) {
    for (const conjunct of filter.$and) {
      if (!isPlainObject(conjunct)) continue;
      const values = equalityValues(conjunct, field);
      if (values) return values;
    }
  }
  return undefined;
}

/** Fields the filter constrains by equality at top level (index-selection input). */
function equalityFields(filter: Doc): string[] {
  const fields = Object.keys(filter).filter((k) => !k.startsWith('$'));
  if (Array.isArray(filter.$and)) for (const c of filter.$and) if (isPlainObject(c)) fields.push(...equalityFields(c));
  return fields;
}

/** How a query was answered, for tests and the benchmark (`explain`-like). */
export interface PlanInfo {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
}

/**
 * Documents that may match `filter`, in natural order: through the `_id` map or a complete secondary index
 * when the filter pins the index's first field by equality, else every document. Callers re-apply the
 * filter, so the index only has to return a superset.
 */
export function candidates(view: CollectionView, filter: Doc, plan?: PlanInfo): Doc[] {
  const collection = view.collection;
  const indexed = chooseIds(collection, filter, plan);
  if (view.snapshot === undefined && !view.overlay) {
    // Auto-commit reads see the current state: straight from the index or the collection.
    if (!indexed) return [...(collection?.docs.values() ?? [])];
    const out: Doc[] = [];
    for (const id of indexed) {
      const doc = collection?.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }
  const ids = new Set(indexed ?? collection?.docs.keys() ?? []);
  // The index describes the current state: a snapshot may still see documents changed or deleted since,
  // and a transaction sees its own writes whatever the committed index says.
  if (view.snapshot !== undefined && collection) for (const id of collection.history.changedIds()) ids.add(id);
  if (view.overlay) for (const id of view.overlay.keys()) ids.add(id);
  const out: Doc[] = [];
  for (const id of ids) {
    const doc = resolveDoc(view, id);
    if (doc) out.push(doc);
  }
  return out;
}

function chooseIds(collection: Collection | undefined, filter: Doc, plan?: PlanInfo): Set<string> | undefined {
  if (!collection) return undefined;
  const fields = equalityFields(filter);
  if (fields.includes('_id')) {
    const values = equalityValues(filter, '_id');
    if (values && values.every((v) => !Array.isArray(v))) {
      if (plan) plan.stage = 'IDHACK';
      return new Set(values.map((v) => keyOf(v)));
    }
  }
  // Of the complete indexes the filter can use, take the one that yields the fewest candidates.
  let best: { ids: Set<string>; name: string } | undefined;
  for (const index of collection.indexes) {
    if (!index.complete || !fields.includes(index.fields[0] as string)) continue;
    const perField = index.fields.map((f) => (fields.includes(f) ? equalityValues(filter, f) : undefined));
    let ids: Set<string> | undefined;
    if (perField.every((values) => values !== undefined)) ids = index.lookupCompound(perField as unknown[][]);
    if (!ids && perField[0]) ids = index.lookup(perField[0]);
    if (ids && (!best || ids.size < best.ids.size)) best = { ids, name: index.name };
  }
  if (best) {
    if (plan) {
      plan.stage = 'IXSCAN';
      plan.indexName = best.name;
    }
    return best.ids;
  }
  if (plan) plan.stage = 'COLLSCAN';
  return undefined;
}
