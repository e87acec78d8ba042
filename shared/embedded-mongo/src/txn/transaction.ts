import { keyOf } from '../bson/key.js';
import type { Doc } from '../bson/types.js';
import { MongoCommandError, namespaceExists, writeConflict } from '../errors.js';
import type { CollectionView } from '../query/plan.js';
import type { CatalogView } from '../storage/catalog-view.js';
import { Collection, currentSequence, duplicateKeyError, ID_INDEX_SPEC } from '../storage/collection.js';
import { closeSnapshot, openSnapshot } from '../storage/history.js';
import { sharedUniqueKey } from '../storage/index-engine.js';
import { validateCollectionName, type Storage } from '../storage/storage.js';
import type { Writer } from '../storage/writer.js';

export type TransactionState = 'active' | 'committed' | 'aborted';

interface Overlay {
  collection: Collection;
  writes: Map<string, Doc | null>;
}

/** Locks the transaction takes on documents it writes; owned by the session registry. */
export interface TransactionLocks {
  acquire(txn: Transaction, namespace: string, idKey: string): boolean;
  releaseAll(txn: Transaction): void;
}

/**
 * A multi-document transaction: its writes live in a private overlay (invisible to other sessions) and
 * are applied to storage as one journal record on commit. A document written by another open
 * transaction, or changed by anyone since this transaction began, is a WriteConflict (code 112) and
 * aborts the transaction, as in MongoDB. Reads see a snapshot of committed data as of the transaction's
 * start (MongoDB's snapshot isolation) plus the transaction's own writes.
 */
export class Transaction {
  state: TransactionState = 'active';
  readonly startedAt = Date.now();
  private readonly startSequence: number;
  private readonly overlays = new Map<string, Overlay>();
  /** Collections this transaction created: invisible to others until commit (with their indexes). */
  private readonly created = new Map<string, Collection>();

  constructor(
    readonly txnNumber: bigint,
    private readonly locks: TransactionLocks,
  ) {
    this.startSequence = currentSequence();
    openSnapshot(this.startSequence);
  }

  view(collection: Collection | undefined): CollectionView {
    if (!collection) return { collection };
    return { collection, overlay: this.overlays.get(collection.namespace)?.writes, snapshot: this.startSequence };
  }

  private overlay(collection: Collection): Overlay {
    let overlay = this.overlays.get(collection.namespace);
    if (!overlay) this.overlays.set(collection.namespace, (overlay = { collection, writes: new Map() }));
    return overlay;
  }

  /** Lock a document for this transaction or fail with WriteConflict. */
  claim(collection: Collection, idKey: string): void {
    const changedSinceStart = !this.overlay(collection).writes.has(idKey) && collection.changedSince(idKey, this.startSequence);
    if (changedSinceStart || !this.locks.acquire(this, collection.namespace, idKey)) {
      this.abort();
      throw writeConflict();
    }
  }

  /** The document with this id as this transaction sees it, or (for `_id` uniqueness) as it is committed now. */
  private visible(collection: Collection, idKey: string): Doc | undefined {
    const overlay = this.overlays.get(collection.namespace);
    if (overlay?.writes.has(idKey)) return overlay.writes.get(idKey) ?? undefined;
    return collection.get(idKey) ?? collection.visibleAt(idKey, this.startSequence);
  }

  private checkUnique(collection: Collection, idKey: string, doc: Doc): void {
    const writes = this.overlay(collection).writes;
    const dup = collection.findDuplicate(doc, idKey, (id) => !writes.has(id));
    if (dup) throw collection.duplicateError(dup);
    for (const [otherId, other] of writes) {
      if (!other || otherId === idKey) continue;
      for (const index of collection.indexes) {
        const keyValue = sharedUniqueKey(index, other, doc);
        if (keyValue) throw duplicateKeyError(collection.namespace, index.name, index.spec.key, keyValue);
      }
    }
  }

  readonly writer: Writer = {
    view: (collection) => this.view(collection),
    checkWritable: (collection, idKeys) => {
      for (const idKey of idKeys) this.claim(collection, idKey);
    },
    insert: (collection, doc) => {
      const idKey = keyOf(doc._id);
      if (this.visible(collection, idKey)) {
        throw duplicateKeyError(collection.namespace, ID_INDEX_SPEC.name, ID_INDEX_SPEC.key, { _id: doc._id });
      }
      this.claim(collection, idKey);
      this.checkUnique(collection, idKey, doc);
      this.overlay(collection).writes.set(idKey, doc);
    },
    replace: (collection, idKey, doc) => {
      this.claim(collection, idKey);
      this.checkUnique(collection, idKey, doc);
      this.overlay(collection).writes.set(idKey, doc);
    },
    remove: (collection, idKey) => {
      this.claim(collection, idKey);
      this.overlay(collection).writes.set(idKey, null);
    },
  };

  /** The catalog as this transaction sees it: committed collections plus the ones it created. */
  catalog(storage: Storage): CatalogView {
    const find = (db: string, name: string) => this.created.get(`${db}.${name}`) ?? storage.collection(db, name);
    const create = (db: string, name: string, options: Doc) => {
      validateCollectionName(db, name);
      const collection = new Collection(db, name, options);
      this.created.set(collection.namespace, collection);
      return collection;
    };
    return {
      collection: find,
      ensureCollection: (db, name) => find(db, name) ?? create(db, name, {}),
      createCollection: (db, name, options) => {
        if (find(db, name)) throw namespaceExists(`Collection ${db}.${name} already exists.`);
        return create(db, name, options);
      },
      createIndexes: (collection, specs) => {
        if (this.created.get(collection.namespace) !== collection) {
          throw new MongoCommandError(
            263,
            'OperationNotSupportedInTransaction',
            `Cannot create new indexes on existing collection ${collection.namespace} in a multi-document transaction.`,
          );
        }
        for (const spec of specs) collection.addIndex(spec);
      },
    };
  }

  /**
   * Create the collections this transaction created (a WriteConflict if another session created one of them
   * meanwhile), then apply every write: all in one journal record, or nothing. Unique indexes are re-checked first.
   */
  commit(storage: Storage): void {
    for (const namespace of this.created.keys()) {
      const collection = this.created.get(namespace) as Collection;
      if (storage.collection(collection.database, collection.name)) {
        this.abort();
        throw writeConflict();
      }
    }
    for (const { collection, writes } of this.overlays.values()) {
      for (const [idKey, doc] of writes) {
        if (!doc) continue;
        const dup = collection.findDuplicate(doc, idKey, (id) => !writes.has(id));
        if (dup) {
          this.abort();
          throw collection.duplicateError(dup);
        }
      }
    }
    // Applied in one synchronous pass, so the server's next flush journals them as one record.
    for (const collection of this.created.values()) {
      storage.createCollection(collection.database, collection.name, collection.options);
      for (const index of collection.indexes) {
        storage.apply({ op: 'index', db: collection.database, coll: collection.name, spec: index.spec });
      }
    }
    for (const { collection, writes } of this.overlays.values()) {
      const live = storage.ensureCollection(collection.database, collection.name);
      for (const [idKey, doc] of writes) {
        const existing = live.get(idKey);
        if (doc) storage.put(live, doc);
        else if (existing) storage.remove(live, existing._id);
      }
    }
    this.state = 'committed';
    this.locks.releaseAll(this);
    closeSnapshot();
  }

  abort(): void {
    if (this.state !== 'active') return;
    this.state = 'aborted';
    this.overlays.clear();
    this.created.clear();
    this.locks.releaseAll(this);
    closeSnapshot();
  }
}
