import { keyOf } from '../bson/key.js';
import type { Doc } from '../bson/types.js';
import type { CollectionView } from '../query/plan.js';
import { duplicateKeyError, ID_INDEX_SPEC, type Collection } from './collection.js';
import type { Storage } from './storage.js';
import { LockedError, type Writer } from './writer.js';

/** Source of document locks held by open transactions (the session registry). */
export interface LockTable {
  lockRelease(namespace: string, idKey: string): Promise<void> | undefined;
}

/** Auto-commit writes: straight into storage (and its journal), after uniqueness and lock checks. */
export class DirectWriter implements Writer {
  constructor(
    private readonly storage: Storage,
    private readonly locks: LockTable,
  ) {}

  view(collection: Collection | undefined): CollectionView {
    return { collection };
  }

  checkWritable(collection: Collection, idKeys: Iterable<string>): void {
    for (const idKey of idKeys) {
      const released = this.locks.lockRelease(collection.namespace, idKey);
      if (released) throw new LockedError(released);
    }
  }

  insert(collection: Collection, doc: Doc): void {
    const idKey = keyOf(doc._id);
    this.checkWritable(collection, [idKey]);
    if (collection.docs.has(idKey)) {
      throw duplicateKeyError(collection.namespace, ID_INDEX_SPEC.name, ID_INDEX_SPEC.key, { _id: doc._id });
    }
    const dup = collection.findDuplicate(doc, idKey);
    if (dup) throw collection.duplicateError(dup);
    this.storage.put(collection, doc);
  }

  replace(collection: Collection, idKey: string, doc: Doc): void {
    this.checkWritable(collection, [idKey]);
    const dup = collection.findDuplicate(doc, idKey);
    if (dup) throw collection.duplicateError(dup);
    this.storage.put(collection, doc);
  }

  remove(collection: Collection, idKey: string, doc: Doc): void {
    this.checkWritable(collection, [idKey]);
    this.storage.remove(collection, doc._id);
  }
}
