import { keyOf } from '../bson/key.js';
import type { Doc } from '../bson/types.js';
import { invalidNamespace, namespaceExists } from '../errors.js';
import { Collection, ID_INDEX_SPEC } from './collection.js';
import type { IndexSpec } from './index-engine.js';

/** One durable change. The journal stores these; recovery replays them through `Storage.apply`. */
export type StorageOp =
  | { op: 'put'; db: string; coll: string; doc: Doc }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'create'; db: string; coll: string; options: Doc }
  | { op: 'drop'; db: string; coll: string }
  | { op: 'dropDb'; db: string }
  | { op: 'index'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string };

/** Receives every change before the command that made it is acknowledged. */
export interface ChangeSink {
  append(ops: StorageOp[]): void;
}

export function validateCollectionName(db: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0)
    throw invalidNamespace(`Invalid namespace specified '${db}.${String(name)}'`);
  if (name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.')) {
    throw invalidNamespace(`Invalid collection name: ${name}`);
  }
  return name;
}

/**
 * The catalog (databases → collections) and the only place data changes. Every mutation goes through
 * `apply`, which updates memory and queues the op; `flush` hands the queue to the change sink (the
 * journal) as one record. The server flushes after every command and before its reply, so an
 * acknowledged write is always journaled, and a committed transaction (applied in one tick) lands in
 * a single record: all or nothing after a crash.
 */
export class Storage {
  readonly databases = new Map<string, Map<string, Collection>>();
  private pending: StorageOp[] = [];

  constructor(private sink?: ChangeSink) {}

  setSink(sink: ChangeSink | undefined): void {
    this.sink = sink;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** The collection, created implicitly (as MongoDB does on first insert or index creation). */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: Doc): Collection {
    validateCollectionName(db, name);
    if (this.collection(db, name)) throw namespaceExists(`Collection ${db}.${name} already exists.`);
    this.apply({ op: 'create', db, coll: name, options });
    return this.collection(db, name) as Collection;
  }

  put(collection: Collection, doc: Doc): void {
    this.apply({ op: 'put', db: collection.database, coll: collection.name, doc });
  }

  remove(collection: Collection, id: unknown): void {
    this.apply({ op: 'del', db: collection.database, coll: collection.name, id });
  }

  /** `replay` is recovery: nothing is journaled again and index builds trust the recovered data. */
  apply(op: StorageOp, replay = false): void {
    this.applyInMemory(op, replay);
    if (!replay && this.sink) this.pending.push(op);
  }

  /** Journal everything applied since the last flush, as one record. */
  flush(): void {
    if (this.pending.length === 0 || !this.sink) return;
    const ops = this.pending;
    this.pending = [];
    this.sink.append(ops);
  }

  private applyInMemory(op: StorageOp, replay: boolean): void {
    switch (op.op) {
      case 'create': {
        let db = this.databases.get(op.db);
        if (!db) this.databases.set(op.db, (db = new Map()));
        if (db.has(op.coll)) return;
        db.set(op.coll, new Collection(op.db, op.coll, op.options));
        return;
      }
      case 'put':
        this.ensureInMemory(op.db, op.coll).put(op.doc);
        return;
      case 'del':
        this.collection(op.db, op.coll)?.remove(keyOf(op.id));
        return;
      case 'drop':
        this.databases.get(op.db)?.delete(op.coll);
        if (this.databases.get(op.db)?.size === 0) this.databases.delete(op.db);
        return;
      case 'dropDb':
        this.databases.delete(op.db);
        return;
      case 'index': {
        const collection = this.ensureInMemory(op.db, op.coll);
        if (!collection.index(op.spec.name)) collection.addIndex(op.spec, !replay);
        return;
      }
      case 'dropIndex':
        this.collection(op.db, op.coll)?.dropIndex(op.name);
        return;
    }
  }

  private ensureInMemory(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    this.applyInMemory({ op: 'create', db, coll: name, options: {} }, true);
    return this.collection(db, name) as Collection;
  }

  /** Index specs as listIndexes reports them, `_id_` first. */
  indexSpecs(collection: Collection): IndexSpec[] {
    return [ID_INDEX_SPEC, ...collection.indexes.map((i) => i.spec)];
  }
}
