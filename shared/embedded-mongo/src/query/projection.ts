import { Query } from 'mingo/query';
import { inDocumentOrder } from '../bson/field-order.js';
import { hideProtoFields, restoreProtoFields } from '../bson/proto-fields.js';
import { getPath, setPath } from '../bson/paths.js';
import { cloneValue, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError } from '../errors.js';
import { asMongoError, compileFilter, matches, MINGO_OPTIONS } from './filter.js';

/** Reject projections that mix inclusion and exclusion, with MongoDB 7.0's codes (31254 / 31253). */
export function validateProjection(projection: Doc): void {
  let mode: 'include' | 'exclude' | undefined;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id') continue;
    let kind: 'include' | 'exclude' | undefined;
    if (typeof value === 'number' || typeof value === 'boolean') kind = value ? 'include' : 'exclude';
    else if (isPlainObject(value) && ('$slice' in value || '$elemMatch' in value)) kind = undefined;
    else kind = 'include';
    if (!kind) continue;
    if (mode && mode !== kind) {
      throw mode === 'include'
        ? new MongoCommandError(31254, 'Location31254', `Cannot do exclusion on field ${field} in inclusion projection`)
        : new MongoCommandError(31253, 'Location31253', `Cannot do inclusion on field ${field} in exclusion projection`);
    }
    mode = kind;
  }
}

const isSlice = (value: unknown) => isPlainObject(value) && '$slice' in value;
const isElemMatch = (value: unknown) => isPlainObject(value) && '$elemMatch' in value;
const isExclusion = (value: unknown) => value === 0 || value === false;

function runProjection(docs: Doc[], spec: Doc, filter: Doc = {}): Doc[] {
  try {
    return restoreProtoFields(new Query(filter, MINGO_OPTIONS).find<Doc>(hideProtoFields(docs), spec).all());
  } catch (error) {
    throw asMongoError(error);
  }
}

/**
 * Apply a find projection. mingo does inclusion, exclusion, `$slice`, `$elemMatch` and positional `$`; around
 * it: documents are copied first (mingo's exclusion edits its input in place), `{ _id: 1, x: 0 }` is an
 * exclusion, a projection of only `$slice` fields keeps every other field (MongoDB 4.4+), and fields keep
 * the stored order. The filter is used only for positional `$`, so a document that no longer matches it
 * (findAndModify's updated document) is still projected.
 */
export function project(docs: Doc[], projection: Doc | undefined, filter: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const topLevel = topLevelInclusion(projection);
  if (topLevel) return docs.map((doc) => pick(doc, topLevel));
  const fields = Object.entries(projection).filter(([field]) => field !== '_id');
  if (fields.some(([, value]) => isElemMatch(value))) return projectElemMatch(docs, projection, filter);
  const sliceOnly =
    fields.length > 0 && fields.every(([, value]) => isSlice(value) || isExclusion(value)) && fields.some(([, v]) => isSlice(v));
  const exclusionOnly = fields.length > 0 && fields.every(([, value]) => isExclusion(value));
  const spec: Doc = { ...projection };
  // An explicit `_id: 1` in an exclusion projection is the default anyway; mingo refuses the mix.
  if ((exclusionOnly || sliceOnly) && !isExclusion(projection._id)) delete spec._id;
  const copies = docs.map((doc) => cloneValue(doc));

  if (sliceOnly) {
    const exclusions = Object.fromEntries(Object.entries(spec).filter(([, value]) => isExclusion(value)));
    const base = Object.keys(exclusions).length > 0 ? runProjection(copies, exclusions) : copies;
    for (const [field, value] of fields) {
      if (!isSlice(value)) continue;
      const sliced = runProjection(
        docs.map((doc) => cloneValue(doc)),
        { [field]: value },
      );
      base.forEach((out, i) => {
        const slice = getPath(sliced[i], field);
        if (slice !== undefined) setPath(out, field, slice);
      });
    }
    return base;
  }

  const positional = Object.keys(projection).some((field) => field.endsWith('.$'));
  const projected = positional
    ? copies.map((doc, i) => runProjection([doc], spec, filter)[0] ?? runProjection([cloneValue(docs[i] as Doc)], spec)[0] ?? {})
    : runProjection(copies, spec);
  return projected.map((doc, i) => inDocumentOrder(doc, docs[i] as Doc, projection));
}

/**
 * The fields of a plain inclusion of top-level fields (`{ a: 1, b: 1 }`, `_id` kept unless `_id: 0`), the
 * projection the services' hot reads use; null for anything else (paths, operators, literals, exclusions).
 */
function topLevelInclusion(projection: Doc): Set<string> | null {
  const fields = new Set<string>();
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id' && isExclusion(value)) continue;
    const included = value === true || (typeof value === 'number' && value !== 0);
    if (!included || field.includes('.') || field.startsWith('$') || field === '__proto__') return null;
    fields.add(field);
  }
  if (fields.size === 0) return null;
  if (!('_id' in projection)) fields.add('_id');
  return fields;
}

/**
 * Those fields of `doc`, copied, in stored order: what mingo answers for such a projection, without its
 * per-document query machinery (most of the cost of reading a page of a tenant's chain).
 */
function pick(doc: Doc, fields: Set<string>): Doc {
  const out: Doc = {};
  for (const field of Object.keys(doc)) if (fields.has(field)) out[field] = cloneValue(doc[field]);
  return out;
}

/**
 * `$elemMatch` projections (done here: mingo's refuses query operators such as `$in` in them). Each returns the
 * first array element matching its criteria, as a one-element array, or leaves the field out when none does;
 * the other fields are projected as usual and, as in MongoDB 4.4+, the `$elemMatch` fields come after them.
 */
function projectElemMatch(docs: Doc[], projection: Doc, filter: Doc): Doc[] {
  const rest: Doc = {};
  const elemMatches: Array<{ field: string; query: Query }> = [];
  for (const [field, value] of Object.entries(projection)) {
    if (!isElemMatch(value)) {
      rest[field] = value;
      continue;
    }
    if (field.includes('.')) {
      throw new MongoCommandError(31275, 'Location31275', 'Cannot use $elemMatch projection on a nested field.');
    }
    const criteria = (value as Doc).$elemMatch;
    if (!isPlainObject(criteria)) throw badValue('elemMatch: Invalid argument, object required.');
    elemMatches.push({ field, query: compileFilter({ v: { $elemMatch: criteria } }) });
  }
  const others = Object.keys(rest).filter((field) => field !== '_id');
  const base: Doc[] =
    others.length > 0
      ? project(docs, rest, filter)
      : docs.map((doc) => ('_id' in doc && !isExclusion(projection._id) ? { _id: doc._id } : {}));
  return base.map((out, i) => {
    const doc = docs[i] as Doc;
    for (const { field, query } of elemMatches) {
      delete out[field];
      const value = doc[field];
      if (!Array.isArray(value)) continue;
      const first = value.find((element) => matches(query, { v: [element] }));
      if (first !== undefined) out[field] = [cloneValue(first)];
    }
    return out;
  });
}
