import { Query } from 'mingo/query';
import { keyOf } from '../bson/key.js';
import { MINGO_OPTIONS } from '../query/filter.js';
import type { Doc } from '../bson/types.js';
import { IndexKeyReader, type DocumentKeys } from './index-keys.js';
import { OrderedKeys } from './ordered-keys.js';

export interface IndexSpec {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

/** The duplicate found by a unique index, in the shape MongoDB reports it. */
export interface DuplicateKey {
  index: SecondaryIndex;
  keyValue: Doc;
}

/**
 * A secondary index as hash maps from canonical key strings to document ids.
 * - `lookup` is keyed by the first field (array elements, plus whole arrays under a `W` prefix) and
 *   answers equality / `$in` on that field without a collection scan. It returns a superset of matches:
 *   the query filter is always re-applied to the candidates.
 * - `uniqueKeys` (unique indexes only) is keyed by the full compound key and enforces uniqueness.
 * - `ordered` (complete indexes with an ascending/descending key pattern) keeps the keys in index order for
 *   range scans and sorts; see `query/plan.ts`.
 */
export class SecondaryIndex {
  readonly fields: string[];
  private readonly lookupMap = new Map<string, Set<string>>();
  /**
   * Compound indexes without ordered keys (sparse, partial, hashed) only: full compound key → ids, for
   * queries that pin every indexed field. With ordered keys, such a query is a point range there; while a
   * multikey document disables those, the first field's hash lookup answers instead (a superset).
   */
  private readonly compoundMap = new Map<string, Set<string>>();
  private readonly uniqueMap = new Map<string, string>();
  private readonly partial: Query | undefined;
  readonly ordered: OrderedKeys | undefined;
  private readonly reader: IndexKeyReader;
  /**
   * The last document asked about and its keys (undefined keys: not covered). A write asks about the same
   * document twice, checking uniqueness then adding it; stored documents are never mutated, so its keys still hold.
   */
  private recent: { doc: Doc; keys: DocumentKeys | undefined } | undefined;

  /** `withOrder` false: hash maps only (throwaway probes for uniqueness checks). */
  constructor(
    readonly spec: IndexSpec,
    withOrder = true,
  ) {
    this.fields = Object.keys(spec.key);
    this.reader = new IndexKeyReader(this.fields);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, MINGO_OPTIONS) : undefined;
    const directions = Object.values(spec.key).map((d) => (typeof d === 'number' ? (d > 0 ? 1 : -1) : undefined));
    if (withOrder && this.complete && directions.every((d) => d !== undefined))
      this.ordered = new OrderedKeys(this.fields, directions);
  }

  private get keepsCompoundMap(): boolean {
    return this.fields.length > 1 && !this.ordered;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Usable to answer queries: holds every document (not sparse, not partial). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  private covers(doc: Doc): boolean {
    if (this.partial && !this.partial.test(doc)) return false;
    if (this.spec.sparse) return this.reader.anyPresent(doc);
    return true;
  }

  /** The document's keys in this index, or undefined when the index does not hold it (sparse, partial). */
  private keysOf(doc: Doc): DocumentKeys | undefined {
    if (this.recent?.doc === doc) return this.recent.keys;
    const keys = this.covers(doc) ? this.reader.keys(doc, this.spec.unique === true || this.keepsCompoundMap) : undefined;
    this.recent = { doc, keys };
    return keys;
  }

  /** The duplicate this document would create, ignoring the document with id `selfId`. */
  findDuplicate(doc: Doc, selfId: string, isLive: (id: string) => boolean = () => true): DuplicateKey | undefined {
    if (!this.spec.unique) return undefined;
    const keys = this.keysOf(doc);
    if (!keys) return undefined;
    for (const { key, values } of keys.compound) {
      const owner = this.uniqueMap.get(key);
      if (owner !== undefined && owner !== selfId && isLive(owner)) {
        const keyValue: Doc = {};
        this.fields.forEach((f, i) => (keyValue[f] = values[i]));
        return { index: this, keyValue };
      }
    }
    return undefined;
  }

  /** `pos`: the document's natural-order position in the collection (the ordered keys' tie-breaker). */
  add(id: string, doc: Doc, pos: number): void {
    const keys = this.keysOf(doc);
    if (!keys) return;
    this.ordered?.add(id, doc, pos);
    this.addHashed(id, keys);
  }

  /** Index existing documents (index creation): hash maps one by one, the ordered keys in one sort. */
  build(docs: Array<{ id: string; doc: Doc; pos: number }>): void {
    const covered = docs.filter(({ doc }) => this.covers(doc));
    for (const { id, doc } of covered)
      this.addHashed(id, this.reader.keys(doc, this.spec.unique === true || this.keepsCompoundMap));
    this.ordered?.load(covered);
  }

  private addHashed(id: string, keys: DocumentKeys): void {
    for (const key of keys.lookup) addTo(this.lookupMap, key, id);
    if (this.spec.unique || this.keepsCompoundMap) {
      for (const { key } of keys.compound) {
        if (this.spec.unique) this.uniqueMap.set(key, id);
        if (this.keepsCompoundMap) addTo(this.compoundMap, key, id);
      }
    }
  }

  remove(id: string, doc: Doc, pos: number): void {
    // Not through `recent`: a replacement removes the old version between checking and adding the new one.
    if (!this.covers(doc)) return;
    const keys = this.reader.keys(doc, this.spec.unique === true || this.keepsCompoundMap);
    this.ordered?.remove(id, doc, pos);
    for (const key of keys.lookup) removeFrom(this.lookupMap, key, id);
    if (this.spec.unique || this.keepsCompoundMap) {
      for (const { key } of keys.compound) {
        if (this.uniqueMap.get(key) === id) this.uniqueMap.delete(key);
        if (this.keepsCompoundMap) removeFrom(this.compoundMap, key, id);
      }
    }
  }

  /**
   * Id sets of documents whose compound key may equal one of the combinations of `valuesPerField` (one list
   * per indexed field, scalars only), or undefined when this index cannot answer that (superset; re-filter).
   * Sets, not their union, so that a planner can weigh them before copying any.
   */
  compoundSets(valuesPerField: unknown[][]): Array<Set<string>> | undefined {
    if (!this.keepsCompoundMap || valuesPerField.length !== this.fields.length) return undefined;
    if (valuesPerField.some((values) => values.some((v) => Array.isArray(v)))) return undefined;
    let keys = [''];
    for (const values of valuesPerField) {
      const next: string[] = [];
      for (const prefix of keys) for (const v of values) next.push(prefix + '\u0000' + keyOf(v === undefined ? null : v));
      keys = next;
      if (keys.length > 1000) return undefined;
    }
    return keys.flatMap((key) => this.compoundMap.get(key) ?? []);
  }

  /**
   * The distinct values of the first indexed field, when every document has one and all of them are strings (a
   * string's key is `s<length>:<text>`, so the text is read back from the key without touching a document);
   * undefined otherwise (a missing field, null, another type: the caller reads the documents). Array elements are
   * values of their own; whole-array keys are skipped, as `distinct` unwinds arrays.
   */
  firstFieldStrings(): string[] | undefined {
    if (!this.complete) return undefined;
    const strings: string[] = [];
    for (const key of this.lookupMap.keys()) {
      if (key.startsWith('W')) continue;
      if (!key.startsWith('s')) return undefined;
      strings.push(key.slice(key.indexOf(':') + 1));
    }
    return strings;
  }

  /** Id sets of documents whose first indexed field may equal one of `values` (superset; re-filter). */
  lookupSets(values: unknown[]): Array<Set<string>> {
    return values.flatMap((v) => {
      const keys = Array.isArray(v) ? ['W' + keyOf(v), keyOf(v)] : [keyOf(v)];
      return keys.flatMap((key) => this.lookupMap.get(key) ?? []);
    });
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

/** The key two documents share in a unique index (for checks among uncommitted transaction writes). */
export function sharedUniqueKey(index: SecondaryIndex, a: Doc, b: Doc): Doc | undefined {
  if (!index.spec.unique) return undefined;
  const probe = new SecondaryIndex(index.spec, false);
  probe.add('a', a, 0);
  return probe.findDuplicate(b, 'b')?.keyValue;
}
