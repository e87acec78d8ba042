import { keyOf } from '../bson/key.js';
import { bsonType, isPlainObject, type Doc } from '../bson/types.js';
import { MongoCommandError, DUPLICATE_KEY } from '../errors.js';
import { VersionHistory } from './history.js';
import { SecondaryIndex, type DuplicateKey, type IndexSpec } from './index-engine.js';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Global write sequence: every stored document version gets the next number (for write-conflict checks). */
let writeSequence = 0;
export const currentSequence = () => writeSequence;

/**
 * One collection's documents, keyed by the canonical key of `_id` (the `_id_` index), in insertion order
 * (MongoDB's natural order for this engine), plus its secondary indexes. Stored documents are never
 * mutated: updates store a new object, so cursors and transactions can hold references safely.
 */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly versions = new Map<string, number>();
  /** Natural-order position of each document (the order of `docs`), the ordered indexes' tie-breaker. */
  private readonly positions = new Map<string, number>();
  private nextPosition = 0;
  readonly indexes: SecondaryIndex[] = [];
  readonly history = new VersionHistory();

  constructor(
    readonly database: string,
    readonly name: string,
    readonly options: Doc = {},
  ) {}

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  get(idKey: string): Doc | undefined {
    return this.docs.get(idKey);
  }

  index(name: string): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** First unique-index violation this document would cause (replacing `selfId` if given). */
  findDuplicate(doc: Doc, selfId: string, isLive?: (id: string) => boolean): DuplicateKey | undefined {
    for (const index of this.indexes) {
      const dup = index.findDuplicate(doc, selfId, isLive);
      if (dup) return dup;
    }
    return undefined;
  }

  duplicateError(dup: DuplicateKey): MongoCommandError {
    return duplicateKeyError(this.namespace, dup.index.name, dup.index.spec.key, dup.keyValue);
  }

  /** Insert or replace without checks (checks are the caller's job; recovery replays through here too). */
  put(doc: Doc): void {
    const idKey = keyOf(doc._id);
    const previous = this.docs.get(idKey);
    this.history.remember(idKey, previous, this.versions.get(idKey));
    this.history.markWritten(idKey);
    let pos = this.positions.get(idKey);
    if (previous && pos !== undefined) for (const index of this.indexes) index.remove(idKey, previous, pos);
    // A replaced document keeps its place in `docs` (Map order), so it keeps its position too.
    if (pos === undefined) this.positions.set(idKey, (pos = this.nextPosition++));
    this.docs.set(idKey, doc);
    this.versions.set(idKey, ++writeSequence);
    for (const index of this.indexes) index.add(idKey, doc, pos);
  }

  remove(idKey: string): Doc | undefined {
    const previous = this.docs.get(idKey);
    if (!previous) return undefined;
    this.history.remember(idKey, previous, this.versions.get(idKey));
    const pos = this.positions.get(idKey) as number;
    for (const index of this.indexes) index.remove(idKey, previous, pos);
    this.docs.delete(idKey);
    this.positions.delete(idKey);
    this.versions.delete(idKey);
    // Open snapshots still see the document; the deletion time tells them from when it is gone.
    this.history.markDeleted(idKey, ++writeSequence);
    return previous;
  }

  /** Natural-order position of a stored document (undefined when absent). */
  position(idKey: string): number | undefined {
    return this.positions.get(idKey);
  }

  /** The document as a transaction snapshot taken at `sequence` sees it. */
  visibleAt(idKey: string, sequence: number): Doc | undefined {
    return this.history.visibleAt(idKey, sequence, this.docs.get(idKey), this.versions.get(idKey));
  }

  /** Whether the document was written or deleted after `sequence` (a write conflict for a snapshot taken then). */
  changedSince(idKey: string, sequence: number): boolean {
    return (this.versions.get(idKey) ?? 0) > sequence || this.history.deletedSince(idKey, sequence);
  }

  /** Build a new secondary index over existing documents; refuses (11000) if existing data violates it. */
  addIndex(spec: IndexSpec, enforceUnique = true): void {
    if (enforceUnique && spec.unique) {
      const probe = new SecondaryIndex(spec, false);
      for (const [idKey, doc] of this.docs) {
        const dup = probe.findDuplicate(doc, idKey);
        if (dup) throw duplicateKeyError(this.namespace, spec.name, spec.key, dup.keyValue);
        probe.add(idKey, doc, 0);
      }
    }
    const index = new SecondaryIndex(spec);
    index.build([...this.docs].map(([id, doc]) => ({ id, doc, pos: this.positions.get(id) as number })));
    this.indexes.push(index);
  }

  dropIndex(name: string): void {
    const at = this.indexes.findIndex((i) => i.name === name);
    if (at >= 0) this.indexes.splice(at, 1);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (bsonType(value) === 'ObjectId') return `ObjectId('${String(value)}')`;
  if (value === null || value === undefined) return 'null';
  if (isPlainObject(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(', ')} }`;
  return String(value);
}

/** MongoDB's shell-like rendering of the duplicate key in E11000 messages. */
function formatKeyValue(keyValue: Doc): string {
  return formatValue(keyValue);
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: Doc, keyValue: Doc): MongoCommandError {
  return new MongoCommandError(
    DUPLICATE_KEY,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatKeyValue(keyValue)}`,
    { keyPattern: { ...keyPattern }, keyValue },
  );
}
