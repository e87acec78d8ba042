import { keyOf } from '../bson/key.js';
import { valuesAtPath } from '../bson/paths.js';
import { isPlainObject, type Doc } from '../bson/types.js';

/** A full compound key (`\0`-separated field keys) with the values that made it. */
export interface CompoundKey {
  key: string;
  values: unknown[];
}

/** What one document contributes to one secondary index's hash maps. */
export interface DocumentKeys {
  /** Keys of the first indexed field: each value (array elements too) and each whole array under a `W` prefix. */
  lookup: Iterable<string>;
  /** Full compound keys (cartesian product over multikey fields); only asked for by indexes that keep them. */
  compound: CompoundKey[];
}

/**
 * Reads a document's keys for one index's fields. Most documents reach no array on an indexed path: their keys
 * are one value per field, read with the paths split once, with the answers `valuesAtPath` would give (a missing
 * field, or a path through a scalar, is `undefined`, keyed as null). A document whose indexed path meets an array
 * takes the general walk, which expands elements. This is most of an insert's index upkeep (ADR 155).
 */
export class IndexKeyReader {
  private readonly paths: string[][];

  constructor(readonly fields: string[]) {
    this.paths = fields.map((field) => field.split('.'));
  }

  /** Each field's value when no indexed path meets an array, else undefined (the general walk applies). */
  scalars(doc: Doc): unknown[] | undefined {
    const values: unknown[] = [];
    for (const path of this.paths) {
      let node: unknown = doc;
      for (const part of path) {
        if (Array.isArray(node)) return undefined;
        if (!isPlainObject(node) || !Object.hasOwn(node, part)) {
          node = undefined;
          break;
        }
        node = node[part];
      }
      if (Array.isArray(node)) return undefined;
      values.push(node);
    }
    return values;
  }

  /** Whether any indexed field has a value (a sparse index holds only such documents). */
  anyPresent(doc: Doc): boolean {
    const scalars = this.scalars(doc);
    if (scalars) return scalars.some((v) => v !== undefined);
    return this.fields.some((f) => valuesAtPath(doc, f).values.some((v) => v !== undefined));
  }

  keys(doc: Doc, withCompound: boolean): DocumentKeys {
    const scalars = this.scalars(doc);
    if (scalars) {
      const lookup = [keyOf(scalars[0])];
      if (!withCompound) return { lookup, compound: [] };
      let key = '';
      for (const value of scalars) key += '\u0000' + keyOf(value);
      return { lookup, compound: [{ key, values: scalars.map((v) => (v === undefined ? null : v)) }] };
    }
    return { lookup: this.lookupKeys(doc), compound: withCompound ? this.compoundKeys(doc) : [] };
  }

  private lookupKeys(doc: Doc): Set<string> {
    const { values, wholeArrays } = valuesAtPath(doc, this.fields[0] as string);
    const keys = new Set<string>();
    for (const v of values) keys.add(keyOf(v));
    for (const a of wholeArrays) keys.add('W' + keyOf(a));
    return keys;
  }

  private compoundKeys(doc: Doc): CompoundKey[] {
    let combos: CompoundKey[] = [{ key: '', values: [] }];
    for (const field of this.fields) {
      const { values } = valuesAtPath(doc, field);
      const distinct = new Map<string, unknown>();
      for (const v of values) distinct.set(keyOf(v), v === undefined ? null : v);
      const next: CompoundKey[] = [];
      for (const combo of combos) {
        for (const [k, v] of distinct) next.push({ key: combo.key + '\u0000' + k, values: [...combo.values, v] });
      }
      combos = next;
    }
    return combos;
  }
}
