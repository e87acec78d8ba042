import { Binary } from 'bson';
import { flatten } from 'mingo/util';
import { compareValues, valuesEqual } from '../bson/compare.js';
import { typeRank } from '../bson/types.js';

/**
 * Comparison predicates with MongoDB's BSON semantics (operators.ts puts them in place of mingo's): mingo compares values of
 * the same class by `toString()` (wrong for Long and Decimal128) and never matches a number against a
 * Long or Decimal128. Range operators only match values in the same canonical type bracket, like MongoDB.
 */

/** `depth` is the selector's dot depth; SINGLE_ELEMENT compares the value itself, without array traversal. */
export type Predicate = (lhs: unknown, rhs: unknown, depth: number) => boolean;
export const SINGLE_ELEMENT = -1;

function candidates(lhs: unknown, depth: number): unknown[] {
  if (!Array.isArray(lhs) || depth === SINGLE_ELEMENT) return [lhs];
  return [lhs, ...lhs, ...(flatten(lhs, depth) as unknown[])];
}

const isNil = (v: unknown) => v === null || v === undefined;

export const eq: Predicate = (lhs, rhs, depth) => {
  if (isNil(rhs)) return candidates(lhs, depth).some(isNil);
  if (rhs instanceof RegExp) return candidates(lhs, depth).some((v) => v instanceof RegExp && valuesEqual(v, rhs));
  return candidates(lhs, depth).some((v) => valuesEqual(v, rhs));
};

export function ordered(test: (c: number) => boolean, matchesNull: boolean): Predicate {
  return (lhs, rhs, depth) => {
    if (isNil(rhs)) return matchesNull && candidates(lhs, depth).some(isNil);
    const rank = typeRank(rhs);
    return candidates(lhs, depth).some((v) => {
      if (v === undefined) return false;
      const r = typeRank(v);
      // MinKey and MaxKey compare against every type; otherwise only within the same type bracket.
      if (r !== rank && rank !== 1 && rank !== 100 && r !== 1 && r !== 100) return false;
      return test(compareValues(v, rhs));
    });
  };
}

const STRING_RANK = typeRank('');
const BINARY_RANK = typeRank(new Binary());

/**
 * A `$in` list split once per query: its strings in a set, its BinData by subtype and bytes in another, everything
 * else (numbers, regexes, null…) as it was.
 */
interface SplitList {
  readonly strings: Set<string>;
  readonly binaries: Set<string>;
  readonly others: unknown[];
}
const splitLists = new WeakMap<unknown[], SplitList>();

/**
 * BinData equal under MongoDB's order (same length, subtype and bytes: `compareValues`) share this key, others never:
 * the subtype, a separator no digit is, then the bytes one character each.
 */
function binaryKey(value: Binary): string {
  const bytes = value.buffer;
  return `${value.sub_type}:${Buffer.from(bytes.buffer, bytes.byteOffset, value.position).toString('latin1')}`;
}

function splitList(list: unknown[]): SplitList {
  let split = splitLists.get(list);
  if (split === undefined) {
    const strings = new Set<string>();
    const binaries = new Set<string>();
    const others: unknown[] = [];
    for (const item of list) {
      if (typeof item === 'string') strings.add(item);
      else if (typeRank(item) === BINARY_RANK) binaries.add(binaryKey(item as Binary));
      else others.push(item);
    }
    split = { strings, binaries, others };
    splitLists.set(list, split);
  }
  return split;
}

/**
 * The value's candidates against the list's strings by set lookup (a string equals only the same string), instead of
 * every candidate against every item: a `$in` of a few hundred keys (a batch's window reads, ADR 107) costs one
 * lookup per candidate. Other candidates of the string bracket (BSON symbols) are still compared one by one. BinData
 * the same way (ADR 160: activity-logs counts a batch's account keys, 32-byte BinData, with a `$in` of ~200): only
 * BinData equals BinData.
 */
export const inList: Predicate = (lhs, rhs, depth) => {
  if (!Array.isArray(rhs)) return false;
  const { strings, binaries, others } = splitList(rhs);
  if (strings.size > 0 || binaries.size > 0) {
    for (const v of candidates(lhs, depth)) {
      if (typeof v === 'string') {
        if (strings.has(v)) return true;
        continue;
      }
      const rank = typeRank(v);
      if (rank === STRING_RANK && [...strings].some((s) => valuesEqual(v, s))) return true;
      if (rank === BINARY_RANK && binaries.has(binaryKey(v as Binary))) return true;
    }
  }
  return others.some((item) => {
    if (item instanceof RegExp) return candidates(lhs, depth).some((v) => typeof v === 'string' && item.test(v));
    return eq(lhs, item, depth);
  });
};
