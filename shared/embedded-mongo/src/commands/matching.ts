import { keyOf } from '../bson/key.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError, typeMismatch } from '../errors.js';
import type { Query } from 'mingo/query';
import { compileFilter, matches } from '../query/filter.js';
import { readMatching, type PlanInfo } from '../query/plan.js';
import { simpleEquality } from '../query/simple-filter.js';
import { parseSort } from '../query/sort.js';
import type { Collection } from '../storage/collection.js';
import { LockedError } from '../storage/writer.js';
import type { CommandContext } from './context.js';

/** The command's `let` variables, usable as `$$name` in `$expr` and pipelines. */
export function letVariables(ctx: CommandContext): Doc | undefined {
  const variables = ctx.command.let;
  if (variables === undefined) return undefined;
  if (!isPlainObject(variables)) throw typeMismatch("BSON field 'let' is the wrong type, expected type 'object'");
  return variables;
}

/** Options no handler implements; refusing them beats silently ignoring them. */
export function rejectUnsupportedOptions(command: Doc, options: string[]): void {
  for (const option of options) {
    if (command[option] !== undefined && command[option] !== null) {
      if (option === 'collation' && isPlainObject(command.collation) && command.collation.locale === 'simple') continue;
      throw badValue(`option '${option}' is not supported by this server`);
    }
  }
}

export function filterOf(value: unknown, what = 'filter'): Doc {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    throw typeMismatch(
      `BSON field '${what}' is the wrong type '${Array.isArray(value) ? 'array' : typeof value}', expected type 'object'`,
    );
  }
  return value;
}

/** A field a write statement must have (MongoDB's IDL error 40414 otherwise). */
export function required(statement: Doc, field: string, where: string): unknown {
  if (statement[field] === undefined) {
    throw new MongoCommandError(40414, 'Location40414', `BSON field '${where}.${field}' is missing but a required field`);
  }
  return statement[field];
}

/**
 * Documents of `collection` matching `filter` as the current reader sees them, optionally sorted, and only
 * the first `limit` of them when `limit` > 0 (lets an index that supplies the order stop early).
 */
export function findMatching(
  ctx: CommandContext,
  collection: Collection | undefined,
  filter: Doc,
  sort?: unknown,
  limit = 0,
  plan?: PlanInfo,
): Doc[] {
  const variables = letVariables(ctx);
  const view = ctx.readSnapshot !== undefined ? { collection, snapshot: ctx.readSnapshot } : ctx.writer.view(collection);
  const quick = simpleEquality(filter);
  let test: (doc: Doc) => boolean;
  if (quick) {
    // mingo compiles such a filter only if some document needs it (a numeric BSON class, a symbol).
    let query: Query | undefined;
    test = (doc) => quick(doc) ?? matches((query ??= compileFilter(filter, variables)), doc);
  } else {
    const query = compileFilter(filter, variables);
    test = (doc) => matches(query, doc);
  }
  if (isPlainObject(sort) && Object.keys(sort).length === 1 && '$natural' in sort) {
    const found = readMatching(view, { filter, test }, plan);
    const ordered = Number(sort.$natural) === -1 ? found.reverse() : found;
    return limit > 0 ? ordered.slice(0, limit) : ordered;
  }
  const spec = parseSort(sort);
  return readMatching(view, { filter, test, ...(spec ? { sort: spec } : {}), limit }, plan);
}

/** A hint must name an existing index (MongoDB answers BadValue otherwise); it never changes results here. */
export function checkHint(collection: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  const names = ['_id_', ...(collection?.indexes.map((i) => i.name) ?? [])];
  const keys = [{ _id: 1 }, ...(collection?.indexes.map((i) => i.spec.key) ?? [])];
  const ok =
    (typeof hint === 'string' && names.includes(hint)) ||
    (isPlainObject(hint) &&
      (Object.keys(hint).length === 0 || keys.some((k) => keyOf(k) === keyOf(hint) || hint.$natural !== undefined)));
  if (!ok) throw badValue('hint provided does not correspond to an existing index');
}

export const idKeyOf = (doc: Doc) => keyOf(doc._id);

/**
 * Run one write statement; if an open transaction holds a document it needs, wait for that transaction
 * to finish and run the statement again (MongoDB blocks such writes too). Statements check all their
 * targets before changing anything, so a retry never applies a change twice.
 */
export async function retryOnLock<T>(statement: () => T, maxTimeMS?: unknown): Promise<T> {
  const deadline = typeof maxTimeMS === 'number' && maxTimeMS > 0 ? Date.now() + maxTimeMS : undefined;
  for (;;) {
    try {
      return statement();
    } catch (error) {
      if (!(error instanceof LockedError)) throw error;
      if (deadline === undefined) {
        await error.released;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>(
        (resolve) => (timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - Date.now()))),
      );
      const outcome = await Promise.race([error.released, expired]);
      clearTimeout(timer);
      if (outcome === 'expired') throw new MongoCommandError(50, 'MaxTimeMSExpired', 'operation exceeded time limit');
    }
  }
}
