import { isPlainObject, type Doc } from '../bson/types.js';
import { failedToParse } from '../errors.js';
import type { Collection } from '../storage/collection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandContext, CommandHandler } from './context.js';
import { batchOf } from './insert.js';
import { checkHint, filterOf, findMatching, idKeyOf, rejectUnsupportedOptions, required, retryOnLock } from './matching.js';
import { runWriteBatch, writeReply } from './write-results.js';

/** Delete matching documents (all, or the first in `sort` order when `justOne`); returns them. */
export function runDelete(
  ctx: CommandContext,
  collection: Collection | undefined,
  filter: Doc,
  justOne: boolean,
  sort?: unknown,
): Doc[] {
  if (!collection) return [];
  const matching = findMatching(ctx, collection, filter, sort, justOne ? 1 : 0);
  const targets = justOne ? matching.slice(0, 1) : matching;
  ctx.writer.checkWritable(collection, targets.map(idKeyOf));
  for (const doc of targets) ctx.writer.remove(collection, idKeyOf(doc), doc);
  return targets;
}

export const deleteCommand: CommandHandler = async (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.delete);
  const statements = batchOf(ctx.command.deletes, 'delete.deletes');
  let n = 0;
  const writeErrors = await runWriteBatch(ctx, statements.length, async (index) => {
    const statement = statements[index];
    if (!isPlainObject(statement)) throw failedToParse('delete statement must be an object');
    rejectUnsupportedOptions(statement, ['collation']);
    checkHint(ctx.catalog.collection(ctx.db, name), statement.hint);
    required(statement, 'q', 'delete.deletes');
    required(statement, 'limit', 'delete.deletes');
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw failedToParse(`The limit field in delete objects must be 0 or 1. Got ${String(statement.limit)}`);
    const filter = filterOf(statement.q, 'q');
    const removed = await retryOnLock(
      () => runDelete(ctx, ctx.catalog.collection(ctx.db, name), filter, limit === 1),
      ctx.command.maxTimeMS,
    );
    n += removed.length;
  });
  return writeReply({ n }, writeErrors);
};
