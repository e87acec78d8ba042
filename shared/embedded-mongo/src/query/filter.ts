import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { DBREF_FIELDS } from '../bson/dbref.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError } from '../errors.js';
import { BSON_QUERY_CONTEXT } from './operators.js';

/** mingo options for every query, projection and pipeline: MongoDB strict mode, BSON comparisons, no JS. */
export const MINGO_OPTIONS: Partial<Options> = {
  useStrictMode: true,
  // mingo implements some window operators ($documentNumber, …) through $function. Client code cannot
  // reach JavaScript anyway: BSON Code values are not callable, and $where is refused above.
  scriptEnabled: true,
  context: BSON_QUERY_CONTEXT,
};

const UNSUPPORTED_QUERY_OPERATORS = ['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$where'];

function rejectUnsupported(filter: unknown): void {
  if (Array.isArray(filter)) return filter.forEach(rejectUnsupported);
  if (filter === null || typeof filter !== 'object' || filter instanceof RegExp || filter instanceof Date) return;
  for (const [key, value] of Object.entries(filter)) {
    if (UNSUPPORTED_QUERY_OPERATORS.includes(key)) throw badValue(`unsupported query operator: ${key}`);
    if (key === '$and' || key === '$or' || key === '$nor') rejectUnsupported(value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) rejectUnsupported(value);
  }
}

/** Turn mingo's exceptions into MongoDB-style BadValue errors (never an unexplained failure). */
export function asMongoError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return badValue(message.replace(/^mingo: /, ''));
}

/**
 * A field compared with a DBRef document (`{ owner: { $ref: 'users', $id: id } }`) is an equality, as in MongoDB;
 * mingo would read `$ref` as an operator, so such values are wrapped in `$eq`.
 */
function dbRefEqualities(filter: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      out[key] = value.map((clause: unknown) => (isPlainObject(clause) ? dbRefEqualities(clause) : clause));
    } else if (!key.startsWith('$') && isPlainObject(value) && DBREF_FIELDS.has(Object.keys(value)[0] ?? '')) {
      out[key] = { $eq: value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function compileFilter(filter: Doc | undefined, variables?: Doc): Query {
  let condition = filter ?? {};
  if (typeof condition !== 'object' || Array.isArray(condition)) throw badValue('filter must be an object');
  rejectUnsupported(condition);
  condition = dbRefEqualities(condition);
  try {
    return new Query(condition, variables ? { ...MINGO_OPTIONS, variables } : MINGO_OPTIONS);
  } catch (error) {
    throw asMongoError(error);
  }
}

export function matches(query: Query, doc: Doc): boolean {
  try {
    return query.test(doc);
  } catch (error) {
    throw asMongoError(error);
  }
}
