import type { Doc } from '../bson/types.js';
import type { CollectionView } from '../query/plan.js';
import type { Collection } from './collection.js';

/**
 * How a command changes documents: directly (auto-commit) or into a transaction's private overlay.
 * Each method checks `_id` and unique indexes and throws MongoDB's error (11000, WriteConflict) first.
 */
export interface Writer {
  view(collection: Collection | undefined): CollectionView;
  /** Throws LockedError (auto-commit) or WriteConflict (transaction) when another transaction holds a target. */
  checkWritable(collection: Collection, idKeys: Iterable<string>): void;
  insert(collection: Collection, doc: Doc): void;
  replace(collection: Collection, idKey: string, doc: Doc): void;
  remove(collection: Collection, idKey: string, doc: Doc): void;
}

/** Thrown before an auto-commit write touches a document an open transaction has written: wait, then retry. */
export class LockedError extends Error {
  constructor(readonly released: Promise<void>) {
    super('document is locked by an open transaction');
  }
}
