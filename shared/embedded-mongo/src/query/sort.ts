import { compareValues } from '../bson/compare.js';
import { valuesAtPath } from '../bson/paths.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError } from '../errors.js';

export type SortSpec = Array<[string, 1 | -1]>;

export function parseSort(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) throw badValue('sort must be an object');
  const spec: SortSpec = [];
  for (const [field, direction] of Object.entries(sort)) {
    if (isPlainObject(direction) && '$meta' in direction)
      throw badValue(`$meta sort by '${String(direction.$meta)}' is not supported`);
    const n = Number(direction);
    if (n !== 1 && n !== -1) {
      throw new MongoCommandError(15975, 'Location15975', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
    spec.push([field, n]);
  }
  return spec.length > 0 ? spec : undefined;
}

/** Sort key of one field: the smallest array element ascending, the largest descending (MongoDB's rule). */
function sortKey(doc: Doc, field: string, direction: 1 | -1): unknown {
  const { values } = valuesAtPath(doc, field);
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best);
    if ((direction === 1 && c < 0) || (direction === -1 && c > 0)) best = values[i];
  }
  return best;
}

/** Stable sort in BSON order; ties keep the input (natural) order. */
export function sortDocuments(docs: Doc[], spec: SortSpec): Doc[] {
  const keyed = docs.map((doc, position) => ({ doc, position, keys: spec.map(([f, d]) => sortKey(doc, f, d)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < spec.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c !== 0) return c * (spec[i] as [string, 1 | -1])[1];
    }
    return a.position - b.position;
  });
  return keyed.map((k) => k.doc);
}
