import { BSON, Long } from 'bson';
import { randomBytes } from 'node:crypto';
import type { Doc } from './bson/types.js';
import { badValue, cursorNotFound, MongoCommandError } from './errors.js';
import { MAX_BSON_OBJECT_SIZE } from './wire/messages.js';

/** Idle cursors are closed after MongoDB's default cursorTimeoutMillis. */
export const CURSOR_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  id: Long;
  namespace: string;
  docs: Doc[];
  position: number;
  lastUsed: number;
}

/** A batch as the reply's `cursor` field: `{ id: Long, ns, firstBatch | nextBatch }`. */
export interface CursorReply {
  id: Long;
  ns: string;
  firstBatch?: Doc[];
  nextBatch?: Doc[];
}

function validBatchSize(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badValue(`${field} must be a non-negative integer, got ${String(value)}`);
  return n;
}

/**
 * Open cursors by int64 id. Results are materialised when the cursor opens (a snapshot of that moment);
 * batches are cut by count and by MongoDB's 16 MB reply budget.
 */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();

  private takeBatch(docs: Doc[], start: number, batchSize: number | undefined): Doc[] {
    const limit = batchSize === undefined || batchSize === 0 ? Number.POSITIVE_INFINITY : batchSize;
    const batch: Doc[] = [];
    let bytes = 0;
    for (let i = start; i < docs.length && batch.length < limit; i++) {
      const doc = docs[i] as Doc;
      bytes += BSON.calculateObjectSize(doc);
      if (bytes > MAX_BSON_OBJECT_SIZE && batch.length > 0) break;
      batch.push(doc);
    }
    return batch;
  }

  /** First batch of a new result; keeps a cursor open only if documents remain and `singleBatch` is false. */
  openCursor(namespace: string, docs: Doc[], batchSizeValue: unknown, singleBatch = false): CursorReply {
    const requested = validBatchSize(batchSizeValue, 'batchSize');
    const batchSize = requested ?? DEFAULT_FIRST_BATCH;
    // batchSize 0 on the first batch means "establish the cursor, return nothing yet".
    const firstBatch = batchSize === 0 ? [] : this.takeBatch(docs, 0, batchSize);
    if (singleBatch || (firstBatch.length >= docs.length && batchSize !== 0) || docs.length === 0)
      return { id: Long.ZERO, ns: namespace, firstBatch };
    const id = Long.fromBigInt(randomBytes(8).readBigInt64LE() & 0x3fffffffffffffffn || 1n);
    this.open.set(id.toString(), { id, namespace, docs, position: firstBatch.length, lastUsed: Date.now() });
    return { id, ns: namespace, firstBatch };
  }

  getMore(idValue: unknown, namespace: string, batchSizeValue: unknown): CursorReply {
    const key = String(idValue);
    const cursor = this.open.get(key);
    if (!cursor) throw cursorNotFound(key);
    if (cursor.namespace !== namespace) {
      throw new MongoCommandError(
        13,
        'Unauthorized',
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    }
    const batch = this.takeBatch(cursor.docs, cursor.position, validBatchSize(batchSizeValue, 'batchSize'));
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    if (cursor.position >= cursor.docs.length) {
      this.open.delete(key);
      return { id: Long.ZERO, ns: namespace, nextBatch: batch };
    }
    return { id: cursor.id, ns: namespace, nextBatch: batch };
  }

  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const key = String(id);
      const asLong = Long.fromString(key);
      if (this.open.delete(key)) killed.push(asLong);
      else notFound.push(asLong);
    }
    return { killed, notFound };
  }

  expireIdle(now = Date.now()): void {
    for (const [key, cursor] of this.open) if (now - cursor.lastUsed > CURSOR_TIMEOUT_MS) this.open.delete(key);
  }

  get size(): number {
    return this.open.size;
  }
}
