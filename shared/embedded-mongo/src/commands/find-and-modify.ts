import type { Doc } from '../bson/types.js';
import { failedToParse } from '../errors.js';
import { project, validateProjection } from '../query/projection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandHandler } from './context.js';
import { runDelete } from './delete.js';
import { checkHint, filterOf, rejectUnsupportedOptions, retryOnLock } from './matching.js';
import { parseUpdateStatement, runUpdate } from './update.js';

/** `findAndModify`: one document, updated / upserted / removed, returned before or after (`new`). */
export const findAndModify: CommandHandler = async (ctx) => {
  const command = ctx.command;
  const name = validateCollectionName(ctx.db, command.findAndModify ?? command.findandmodify);
  rejectUnsupportedOptions(command, ['collation']);
  checkHint(ctx.catalog.collection(ctx.db, name), command.hint);
  const query = filterOf(command.query, 'query');
  const remove = command.remove === true;
  const hasUpdate = command.update !== undefined && command.update !== null;
  if (remove && hasUpdate) throw failedToParse('Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw failedToParse('Either an update or remove=true must be specified');
  if (remove && command.new === true) {
    throw failedToParse("Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
  }
  if (remove && command.upsert === true) throw failedToParse('Cannot specify both upsert=true and remove=true');
  const fields = command.fields === undefined ? undefined : filterOf(command.fields, 'fields');
  if (fields) validateProjection(fields);
  const shape = (doc: Doc | undefined) => (doc ? (project([doc], fields, query)[0] ?? null) : null);

  if (remove) {
    const removed = await retryOnLock(
      () => runDelete(ctx, ctx.catalog.collection(ctx.db, name), query, true, command.sort),
      ctx.command.maxTimeMS,
    );
    return { lastErrorObject: { n: removed.length }, value: shape(removed[0]), ok: 1 };
  }

  const statement = parseUpdateStatement({
    q: query,
    u: command.update,
    upsert: command.upsert === true,
    multi: false,
    arrayFilters: command.arrayFilters,
  });
  statement.sort = command.sort;
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  const result = await retryOnLock(() => runUpdate(ctx, collection, statement), ctx.command.maxTimeMS);
  if (result.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: result.upsertedId },
      value: command.new === true ? shape(result.after) : null,
      ok: 1,
    };
  }
  return {
    lastErrorObject: { n: result.matched, updatedExisting: result.matched > 0 },
    value: shape(command.new === true ? result.after : result.before),
    ok: 1,
  };
};
