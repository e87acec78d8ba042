import { isPlainObject, type Doc } from '../bson/types.js';
import { failedToParse } from '../errors.js';
import { applyUpdate, buildUpsert, classifyUpdate } from '../query/update.js';
import type { Collection } from '../storage/collection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandContext, CommandHandler } from './context.js';
import { batchOf } from './insert.js';
import {
  checkHint,
  filterOf,
  findMatching,
  idKeyOf,
  letVariables,
  rejectUnsupportedOptions,
  required,
  retryOnLock,
} from './matching.js';
import { checkUpdatedSize } from './update-size.js';
import { runWriteBatch, writeReply } from './write-results.js';

export interface UpdateStatement {
  q: Doc;
  u: Doc | Doc[];
  upsert: boolean;
  multi: boolean;
  arrayFilters?: Doc[];
  sort?: unknown;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The first document before and after (for findAndModify). */
  before?: Doc;
  after?: Doc;
}

export function parseUpdateStatement(raw: unknown): UpdateStatement {
  if (!isPlainObject(raw)) throw failedToParse('update statement must be an object');
  rejectUnsupportedOptions(raw, ['collation']);
  required(raw, 'q', 'update.updates');
  const u = required(raw, 'u', 'update.updates');
  if (!Array.isArray(u) && !isPlainObject(u)) throw failedToParse('Update argument must be either an object or an array');
  const multi = raw.multi === true;
  if (multi && classifyUpdate(u) === 'replacement' && Object.keys(u as Doc).length > 0) {
    throw failedToParse('multi update is not supported for replacement-style update');
  }
  if (raw.arrayFilters !== undefined && !Array.isArray(raw.arrayFilters)) throw failedToParse('arrayFilters must be an array');
  return {
    q: filterOf(raw.q, 'q'),
    u: u as Doc | Doc[],
    upsert: raw.upsert === true,
    multi,
    arrayFilters: raw.arrayFilters as Doc[] | undefined,
    sort: raw.sort,
  };
}

/** One update statement: compute every change first, check locks, then write (safe to retry). */
export function runUpdate(ctx: CommandContext, collection: Collection, statement: UpdateStatement): UpdateResult {
  const matching = findMatching(ctx, collection, statement.q, statement.sort, statement.multi ? 0 : 1);
  const targets = statement.multi ? matching : matching.slice(0, 1);
  if (targets.length === 0) {
    if (!statement.upsert) return { matched: 0, modified: 0 };
    const doc = buildUpsert(statement.q, statement.u, {
      query: statement.q,
      arrayFilters: statement.arrayFilters,
      variables: letVariables(ctx),
    });
    checkUpdatedSize(doc);
    ctx.writer.insert(collection, doc);
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  const options = { query: statement.q, arrayFilters: statement.arrayFilters, variables: letVariables(ctx) };
  const changes = targets.map((doc) => ({ before: doc, ...applyUpdate(doc, statement.u, options) }));
  const changed = changes.filter((c) => c.modified);
  for (const change of changed) checkUpdatedSize(change.doc, change.before, statement.u);
  ctx.writer.checkWritable(
    collection,
    changed.map((c) => idKeyOf(c.before)),
  );
  for (const change of changed) ctx.writer.replace(collection, idKeyOf(change.before), change.doc);
  const first = changes[0] as (typeof changes)[number];
  return { matched: targets.length, modified: changed.length, before: first.before, after: first.doc };
}

export const update: CommandHandler = async (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.update);
  const statements = batchOf(ctx.command.updates, 'update.updates');
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors = await runWriteBatch(ctx, statements.length, async (index) => {
    const statement = parseUpdateStatement(statements[index]);
    checkHint(ctx.catalog.collection(ctx.db, name), (statements[index] as Doc).hint);
    const collection = ctx.catalog.ensureCollection(ctx.db, name);
    const result = await retryOnLock(() => runUpdate(ctx, collection, statement), ctx.command.maxTimeMS);
    if (result.upsertedId !== undefined) {
      n += 1;
      upserted.push({ index, _id: result.upsertedId });
    } else {
      n += result.matched;
      nModified += result.modified;
    }
  });
  return writeReply(upserted.length > 0 ? { n, nModified, upserted } : { n, nModified }, writeErrors);
};
