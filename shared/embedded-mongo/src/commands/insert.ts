import { BSON } from 'bson';
import { cloneValue, isPlainObject, type Doc } from '../bson/types.js';
import { invalidLength, MongoCommandError, typeMismatch } from '../errors.js';
import { prepareInsert } from '../query/update.js';
import { validateCollectionName } from '../storage/storage.js';
import { MAX_BSON_OBJECT_SIZE } from '../wire/messages.js';
import type { CommandHandler } from './context.js';
import { retryOnLock } from './matching.js';
import { runWriteBatch, writeReply } from './write-results.js';

export const MAX_WRITE_BATCH = 100_000;

export function batchOf(value: unknown, field: string): Doc[] {
  if (!Array.isArray(value)) throw typeMismatch(`BSON field '${field}' is missing or not an array`);
  if (value.length === 0 || value.length > MAX_WRITE_BATCH) {
    throw invalidLength(`Write batch sizes must be between 1 and ${MAX_WRITE_BATCH}. Got ${value.length} operations.`);
  }
  return value as Doc[];
}

/** `insert`: ordered batches stop at the first error, unordered ones carry on; errors carry their index. */
export const insert: CommandHandler = async (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.insert);
  const documents = batchOf(ctx.command.documents, 'insert.documents');
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  let n = 0;
  const writeErrors = await runWriteBatch(ctx, documents.length, async (index) => {
    const raw = documents[index];
    if (!isPlainObject(raw)) throw typeMismatch('document to insert must be an object');
    const doc = prepareInsert(cloneValue(raw));
    if (BSON.calculateObjectSize(doc) > MAX_BSON_OBJECT_SIZE) {
      throw new MongoCommandError(10334, 'BSONObjectTooLarge', 'object to insert exceeds the maximum BSON size');
    }
    await retryOnLock(() => ctx.writer.insert(collection, doc), ctx.command.maxTimeMS);
    n++;
  });
  return writeReply({ n }, writeErrors);
};
