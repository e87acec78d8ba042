import { compareValues } from '../bson/compare.js';
import { keyOf } from '../bson/key.js';
import { valuesAtPath } from '../bson/paths.js';
import { bsonType, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError, typeMismatch } from '../errors.js';
import { project, validateProjection } from '../query/projection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { Collection } from '../storage/collection.js';
import type { CommandContext, CommandHandler } from './context.js';
import { checkHint, filterOf, findMatching, rejectUnsupportedOptions } from './matching.js';

/** A non-negative integer option, with MongoDB 7.0's error (51024) otherwise. */
export function nonNegative(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const numeric = typeof value === 'number' || bsonType(value) === 'Long' || bsonType(value) === 'Decimal128';
  if (!numeric) {
    throw typeMismatch(
      `BSON field '${field}' is the wrong type '${typeof value}', expected types '[long, int, decimal, double]'`,
    );
  }
  const n = Number(typeof value === 'number' ? value : String(value));
  if (!Number.isInteger(n)) throw badValue(`${field} must be a whole number, got ${String(value)}`);
  if (n < 0) throw new MongoCommandError(51024, 'Location51024', `BSON field '${field}' value must be >= 0, actual value '${n}'`);
  return n;
}

const UNSUPPORTED_FIND_OPTIONS = ['collation', 'tailable', 'awaitData', 'returnKey', 'showRecordId', 'min', 'max', 'oplogReplay'];

export const find: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.find);
  rejectUnsupportedOptions(ctx.command, UNSUPPORTED_FIND_OPTIONS);
  const filter = filterOf(ctx.command.filter);
  const skip = nonNegative(ctx.command.skip, 'skip') ?? 0;
  const limit = nonNegative(ctx.command.limit, 'limit') ?? 0;
  nonNegative(ctx.command.batchSize, 'batchSize');
  const projection = ctx.command.projection === undefined ? undefined : filterOf(ctx.command.projection, 'projection');
  if (projection) validateProjection(projection);
  const collection = ctx.catalog.collection(ctx.db, name);
  checkHint(collection, ctx.command.hint);
  let docs = findMatching(ctx, collection, filter, ctx.command.sort, limit > 0 ? skip + limit : 0);
  docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  docs = project(docs, projection, filter);
  const cursor = ctx.cursors.openCursor(`${ctx.db}.${name}`, docs, ctx.command.batchSize, ctx.command.singleBatch === true);
  return { cursor, ok: 1 };
};

export const getMore: CommandHandler = (ctx) => {
  const collection = ctx.command.collection;
  if (typeof collection !== 'string') throw typeMismatch(`BSON field 'getMore.collection' is missing`);
  const batchSize = nonNegative(ctx.command.batchSize, 'batchSize');
  const cursor = ctx.cursors.getMore(ctx.command.getMore, `${ctx.db}.${collection}`, batchSize);
  return { cursor, ok: 1 };
};

export const killCursors: CommandHandler = (ctx) => {
  if (!Array.isArray(ctx.command.cursors)) throw typeMismatch(`BSON field 'killCursors.cursors' is missing`);
  const { killed, notFound } = ctx.cursors.kill(ctx.command.cursors);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const count: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.count);
  rejectUnsupportedOptions(ctx.command, ['collation']);
  const collection = ctx.catalog.collection(ctx.db, name);
  checkHint(collection, ctx.command.hint);
  const skip = nonNegative(ctx.command.skip, 'skip') ?? 0;
  // count accepts a negative limit and uses its absolute value.
  const rawLimit = Number(ctx.command.limit ?? 0);
  const limit = Math.abs(rawLimit);
  const matched = findMatching(ctx, collection, filterOf(ctx.command.query, 'query')).length;
  const afterSkip = Math.max(0, matched - skip);
  return { n: limit > 0 ? Math.min(limit, afterSkip) : afterSkip, ok: 1 };
};

export const distinct: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.distinct);
  rejectUnsupportedOptions(ctx.command, ['collation']);
  const key = ctx.command.key;
  if (typeof key !== 'string') throw typeMismatch(`BSON field 'distinct.key' is missing or not a string`);
  const collection = ctx.catalog.collection(ctx.db, name);
  const filter = filterOf(ctx.command.query, 'query');
  const indexed = Object.keys(filter).length === 0 ? stringsFromIndex(ctx, collection, key) : undefined;
  if (indexed) return { values: indexed.sort(compareValues), ok: 1 };
  return { values: distinctValues(findMatching(ctx, collection, filter), key), ok: 1 };
};

/**
 * `distinct` over a whole collection from an index that leads with the field, when all its values are strings:
 * the checkpoint job's `distinct('tenantId')` of the events otherwise decodes every event (ADR 111). Only for the
 * committed documents as they are now: a transaction (its own writes) or a snapshot (an older state) reads them.
 */
function stringsFromIndex(ctx: CommandContext, collection: Collection | undefined, key: string): string[] | undefined {
  if (!collection || ctx.txn !== undefined || ctx.readSnapshot !== undefined) return undefined;
  return collection.indexes.find((index) => index.complete && index.fields[0] === key)?.firstFieldStrings();
}

/** The distinct values at `key` (array elements counted one by one), in BSON order. */
export function distinctValues(docs: Doc[], key: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key).values) {
      if (value === undefined) continue;
      seen.set(keyOf(value), value);
    }
  }
  return [...seen.values()].sort(compareValues);
}
