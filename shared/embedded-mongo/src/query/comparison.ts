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

/** A `$in` list split once per query: its strings in a set, everything else (numbers, regexes, null…) as it was. */
interface SplitList {
  readonly strings: Set<string>;
  readonly others: unknown[];
}
const splitLists = new WeakMap<unknown[], SplitList>();

function splitList(list: unknown[]): SplitList {
  let split = splitLists.get(list);
  if (split === undefined) {
    split = {
      strings: new Set(list.filter((item): item is string => typeof item === 'string')),
      others: list.filter((item) => typeof item !== 'string'),
    };
    splitLists.set(list, split);
  }
  return split;
}

/**
 * The value's candidates against the list's strings by set lookup (a string equals only the same string), instead of
 * every candidate against every item: a `$in` of a few hundred keys (a batch's window reads, ADR 107) costs one
 * lookup per candidate. Other candidates of the string bracket (BSON symbols) are still compared one by one.
 */
export const inList: Predicate = (lhs, rhs, depth) => {
  if (!Array.isArray(rhs)) return false;
  const { strings, others } = splitList(rhs);
  if (strings.size > 0) {
    for (const v of candidates(lhs, depth)) {
      if (typeof v === 'string' ? strings.has(v) : typeRank(v) === STRING_RANK && [...strings].some((s) => valuesEqual(v, s)))
        return true;
    }
  }
  return others.some((item) => {
    if (item instanceof RegExp) return candidates(lhs, depth).some((v) => typeof v === 'string' && item.test(v));
    return eq(lhs, item, depth);
  });
};
