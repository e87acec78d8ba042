import { ObjectId } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { valuesEqual } from '../bson/compare.js';
import { sameKey } from '../bson/key.js';
import { getPath, setPath } from '../bson/paths.js';
import { hideProtoFields, restoreProtoFields } from '../bson/proto-fields.js';
import { bsonType, cloneValue, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, failedToParse, immutableField, MongoCommandError, typeMismatch } from '../errors.js';
import { asMongoError, MINGO_OPTIONS } from './filter.js';
import { checkUpdatePaths } from './update-paths.js';
import { applyModifications } from './update-operators.js';
import { parseModifications, usedIdentifiers, type Modification } from './update-spec.js';
import { compileArrayFilters, ownCopy } from './update-targets.js';
import { equalityValues } from './bounds.js';

const PIPELINE_UPDATE_STAGES = ['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'];

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

export function classifyUpdate(update: unknown): UpdateKind {
  if (Array.isArray(update)) return 'pipeline';
  if (!isPlainObject(update)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(update);
  if (keys.length > 0 && (keys[0] as string).startsWith('$')) return 'operators';
  for (const key of keys) {
    if (key.startsWith('$'))
      throw badValue(
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document.`,
      );
  }
  return 'replacement';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'double' : typeof value;
}

/** Arithmetic on Decimal128 or out-of-double-range Longs is refused rather than computed wrongly. */
function checkArithmeticTargets(doc: Doc, update: Doc): void {
  for (const operator of ['$inc', '$mul'] as const) {
    const args = update[operator];
    if (!isPlainObject(args)) continue;
    for (const [path, value] of Object.entries(args)) {
      if (typeof value !== 'number')
        throw badValue(`${operator} with a ${bsonType(value) ?? typeof value} argument is not supported by this server`);
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current === undefined) continue;
      if (typeof current !== 'number') {
        throw typeMismatch(
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${path.split('.').pop() ?? path}' of non-numeric type ${typeName(current)}`,
        );
      }
    }
  }
}

function withIdFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return { _id: new ObjectId(), ...doc };
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

export interface UpdateOutcome {
  doc: Doc;
  modified: boolean;
}

export interface UpdateOptions {
  arrayFilters?: Doc[];
  /** The query, for the positional `$` operator. */
  query: Doc;
  /** The command's `let` variables, for pipeline updates. */
  variables?: Doc;
}

/** Apply an update (operators, replacement or pipeline) to a stored document; never mutates `original`. */
export function applyUpdate(original: Doc, update: Doc | Doc[], options: UpdateOptions): UpdateOutcome {
  const kind = classifyUpdate(update);
  let next: Doc;
  if (kind === 'replacement') {
    const replacement = update as Doc;
    if ('_id' in replacement && !valuesEqual(replacement._id, original._id)) {
      throw immutableField(
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(replacement._id)}`,
      );
    }
    const { _id: _ignored, ...rest } = cloneValue(replacement);
    next = { _id: original._id, ...rest };
  } else if (kind === 'pipeline') {
    next = runPipeline(cloneValue(original), update as Doc[], options.variables);
    if (!('_id' in next)) next = { _id: original._id, ...next };
    if (!valuesEqual(next._id, original._id))
      throw immutableField(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  } else {
    const operators = update as Doc;
    const modifications = parseModifications(operators);
    const { $setOnInsert: _onInsert, ...rest } = operators;
    checkArithmeticTargets(original, rest);
    checkUpdatePaths(original, rest);
    // Copy on write: only the containers on the updated paths are copied, the rest is shared with `original`.
    const own = new Set<object>();
    next = applyOperators(ownCopy(original, own), modifications, options, original, false, own);
    if (!valuesEqual(next._id, original._id))
      throw immutableField(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  return { doc: next, modified: !sameKey(next, original) };
}

function applyOperators(
  doc: Doc,
  modifications: Modification[],
  options: UpdateOptions,
  original: Doc,
  inserting: boolean,
  own?: Set<object>,
): Doc {
  const kept = withoutUnchangedIdSet(doc, modifications);
  if (kept.length === 0) return doc;
  const arrayFilters = compileArrayFilters(options.arrayFilters, usedIdentifiers(kept), options.variables);
  applyModifications(doc, kept, { query: options.query, variables: options.variables, arrayFilters, original, inserting, own });
  return doc;
}

/**
 * MongoDB accepts `$set: { _id: <its current value> }` (mongoose and upsert-by-id code send it); mingo rejects
 * any `_id` in `$set`. Drop an unchanged `_id` (or seed it when the document has none yet); a changed one still
 * answers 66 ImmutableField.
 */
function withoutUnchangedIdSet(doc: Doc, modifications: Modification[]): Modification[] {
  return modifications.filter((modification) => {
    if (modification.operator !== '$set' || modification.path !== '_id') return true;
    if (doc._id === undefined) doc._id = cloneValue(modification.value);
    else if (!valuesEqual(doc._id, modification.value)) {
      throw immutableField(`Performing an update on the path '_id' would modify the immutable field '_id'`);
    }
    return false;
  });
}

function runPipeline(doc: Doc, pipeline: Doc[], variables?: Doc): Doc {
  for (const stage of pipeline) {
    const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (!name || !PIPELINE_UPDATE_STAGES.includes(name)) {
      throw new MongoCommandError(72, 'InvalidOptions', `${String(name)} is not allowed to be used within an update`);
    }
  }
  try {
    const options = variables ? { ...MINGO_OPTIONS, variables } : MINGO_OPTIONS;
    const [result] = restoreProtoFields(new Aggregator(pipeline, options).run<Doc>([hideProtoFields(doc)]));
    if (!result) throw badValue('pipeline update produced no document');
    return result;
  } catch (error) {
    throw asMongoError(error);
  }
}

/** The document an upsert starts from: equality fields of the query (MongoDB seeds them). */
export function upsertSeed(query: Doc): Doc {
  const seed: Doc = {};
  const fields = new Set<string>();
  const collect = (filter: Doc) => {
    for (const key of Object.keys(filter)) if (!key.startsWith('$')) fields.add(key);
    if (Array.isArray(filter.$and)) for (const c of filter.$and) if (isPlainObject(c)) collect(c);
  };
  collect(query);
  for (const field of fields) {
    const values = equalityValues(query, field);
    // A one-element $in is an equality for MongoDB's planner, so it seeds the upsert too.
    if (values && values.length === 1) {
      setPath(seed, field, cloneValue(values[0]));
    }
  }
  return seed;
}

/** Build the document an upsert inserts. */
export function buildUpsert(query: Doc, update: Doc | Doc[], options: UpdateOptions): Doc {
  const kind = classifyUpdate(update);
  const seed = upsertSeed(query);
  if (kind === 'replacement') {
    const replacement = cloneValue(update as Doc);
    if ('_id' in seed && '_id' in replacement && !valuesEqual(seed._id, replacement._id)) {
      throw immutableField(
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(replacement._id)}`,
      );
    }
    if (!('_id' in replacement) && '_id' in seed) replacement._id = seed._id;
    return withIdFirst(replacement);
  }
  if (kind === 'pipeline') return withIdFirst(runPipeline(seed, update as Doc[], options.variables));
  const operators = update as Doc;
  const modifications = parseModifications(operators);
  const { $setOnInsert: _onInsert, ...rest } = operators;
  checkArithmeticTargets(seed, rest);
  checkUpdatePaths(seed, operators);
  const doc = applyOperators(seed, modifications, options, cloneValue(seed), true);
  if (seed._id !== undefined && '_id' in doc && !valuesEqual(doc._id, seed._id)) {
    throw immutableField(`Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  return withIdFirst(doc);
}

export function prepareInsert(doc: Doc): Doc {
  if (Array.isArray(doc._id)) throw badValue(`The '_id' value cannot be of type array`);
  if (doc._id instanceof RegExp) throw badValue(`can't use a regex for _id`);
  return withIdFirst(doc);
}
