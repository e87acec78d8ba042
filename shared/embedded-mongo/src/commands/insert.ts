import { BSON } from 'bson';
import { isPlainObject, type Doc } from '../bson/types.js';
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

/** An added `_id` (ObjectId: type, name and 12 bytes) with room to spare. */
const ADDED_ID_BYTES = 64;

/**
 * Whether a document of this request may encode larger than MongoDB's limit. A decoded document encodes to at
 * most its wire size (values decode to the same BSON type or a narrower one: a double holding 3 comes back
 * as an int32) plus an `_id` prepareInsert may add, so a request below the limit cannot carry one and the
 * per-document size walk is skipped; a command that did not come off the wire is always measured.
 */
function mayBeTooLarge(requestBytes: number | undefined): boolean {
  return requestBytes === undefined || requestBytes + ADDED_ID_BYTES > MAX_BSON_OBJECT_SIZE;
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
    // No deep copy: the decoded request owns these values and nothing keeps the request after the command, and
    // prepareInsert's top-level copy already keeps the stored document apart from the request's array.
    const doc = prepareInsert(raw);
    if (mayBeTooLarge(ctx.requestBytes) && BSON.calculateObjectSize(doc) > MAX_BSON_OBJECT_SIZE) {
      throw new MongoCommandError(10334, 'BSONObjectTooLarge', 'object to insert exceeds the maximum BSON size');
    }
    await retryOnLock(() => ctx.writer.insert(collection, doc), ctx.command.maxTimeMS);
    n++;
  });
  return writeReply({ n }, writeErrors);
};
