import { compareStrings, compareValues } from '../bson/compare.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { SortedList } from './sorted-list.js';

/** One document's key in an ordered index: its values for the indexed fields, natural position and id. */
export interface IndexEntry {
  values: unknown[];
  /** The document's natural-order position in its collection: the tie-breaker, so equal keys keep that order. */
  pos: number;
  id: string;
}

/**
 * The index's keys in index order (BSON order per field, each field ascending or descending as the key
 * pattern says), for range scans and sorts. Only documents whose indexed paths hold no array are kept
 * here: a multikey document has several keys and its own range semantics, so while any such document is
 * in the collection (`usable` false) the planner does not use this structure at all and the hash lookups
 * or a scan answer instead.
 */
export class OrderedKeys {
  private readonly list: SortedList<IndexEntry>;
  private multikeyDocs = 0;
  /** The fields' paths, split once (every add and remove reads them). */
  private readonly paths: string[][];

  constructor(
    readonly fields: string[],
    readonly directions: Array<1 | -1>,
  ) {
    this.paths = fields.map((field) => field.split('.'));
    this.list = new SortedList((a, b) => this.compareEntries(a, b));
  }

  /** Holds every document of the index (no multikey document is present). */
  get usable(): boolean {
    return this.multikeyDocs === 0;
  }

  get entries(): SortedList<IndexEntry> {
    return this.list;
  }

  compareEntries(a: IndexEntry, b: IndexEntry): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareKeyValues(a.values[i], b.values[i]);
      if (c !== 0) return c * (this.directions[i] as 1 | -1);
    }
    return a.pos - b.pos;
  }

  add(id: string, doc: Doc, pos: number): void {
    const values = this.keyValues(doc);
    if (values) this.list.insert({ values, pos, id });
    else this.multikeyDocs++;
  }

  remove(id: string, doc: Doc, pos: number): void {
    const values = this.keyValues(doc);
    if (values) this.list.delete({ values, pos, id });
    else this.multikeyDocs--;
  }

  /** Build from existing documents in one sort (index creation). */
  load(docs: Iterable<{ id: string; doc: Doc; pos: number }>): void {
    const entries: IndexEntry[] = [];
    for (const { id, doc, pos } of docs) {
      const values = this.keyValues(doc);
      if (values) entries.push({ values, pos, id });
      else this.multikeyDocs++;
    }
    entries.sort((a, b) => this.compareEntries(a, b));
    this.list.load(entries);
  }

  /** The key values (missing → null), or undefined when an indexed path meets an array (multikey). */
  private keyValues(doc: Doc): unknown[] | undefined {
    const values: unknown[] = [];
    for (const path of this.paths) {
      let node: unknown = doc;
      for (const part of path) {
        if (Array.isArray(node)) return undefined;
        node = isPlainObject(node) ? node[part] : undefined;
      }
      if (Array.isArray(node)) return undefined;
      values.push(node === undefined ? null : node);
    }
    return values;
  }
}

/**
 * `compareValues` with fast paths for the common key types (the same answers: strings by code point, dates
 * by time, numbers other than NaN by value); index maintenance and builds spend most of their time here.
 */
function compareKeyValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : compareStrings(a, b);
  if (a instanceof Date && b instanceof Date) {
    const x = a.getTime();
    const y = b.getTime();
    if (x === y) return 0;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  return compareValues(a, b);
}
