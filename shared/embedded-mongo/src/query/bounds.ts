import { compareValues } from '../bson/compare.js';
import { isPlainObject, typeRank, type Doc } from '../bson/types.js';

/**
 * Bounds a filter puts on one top-level field, for ordered index scans. They only ever widen what the
 * filter selects (the filter is re-applied to every document an index returns), so anything not
 * understood here simply gives no bound.
 *
 * A bound is a value (inclusive or not) or the edge of a BSON type bracket: `$lt: date` only matches
 * dates (MongoDB compares within a type bracket), so its lower bound is the first date in index order.
 */
export type Bound = { value: unknown; inclusive: boolean } | { rank: number };

export interface Range {
  lo?: Bound;
  hi?: Bound;
}

/** Types whose values bound a range: null, numbers, strings, binData, ObjectId, bool, date, timestamp. */
const BOUNDABLE_RANKS = new Set([2, 3, 4, 7, 8, 9, 10, 11]);

export function boundable(value: unknown): boolean {
  return !(value instanceof RegExp) && BOUNDABLE_RANKS.has(typeRank(value));
}

/** Where `x` lies relative to a lower bound: true when it is below it (outside the range). */
export function belowLo(x: unknown, lo: Bound | undefined): boolean {
  if (!lo) return false;
  if ('rank' in lo) return typeRank(x) < lo.rank;
  const c = compareValues(x, lo.value);
  return c < 0 || (c === 0 && !lo.inclusive);
}

/** True when `x` is above an upper bound (outside the range). */
export function aboveHi(x: unknown, hi: Bound | undefined): boolean {
  if (!hi) return false;
  if ('rank' in hi) return typeRank(x) > hi.rank;
  const c = compareValues(x, hi.value);
  return c > 0 || (c === 0 && !hi.inclusive);
}

const point = (value: unknown): Range => {
  // `null` (and `$gte/$lte: null`) matches null and missing, both indexed as null.
  const v = value === undefined ? null : value;
  return { lo: { value: v, inclusive: true }, hi: { value: v, inclusive: true } };
};

/** The range one operator puts on the field, or undefined (no bound). */
function operatorRange(operator: string, operand: unknown): Range | undefined {
  if (!boundable(operand)) return undefined;
  if (operand === null || operand === undefined) {
    return ['$eq', '$gte', '$lte', '$gt', '$lt'].includes(operator) ? point(null) : undefined;
  }
  const rank = typeRank(operand);
  switch (operator) {
    case '$eq':
      return point(operand);
    case '$gt':
    case '$gte':
      return { lo: { value: operand, inclusive: operator === '$gte' }, hi: { rank } };
    case '$lt':
    case '$lte':
      return { lo: { rank }, hi: { value: operand, inclusive: operator === '$lte' } };
    default:
      return undefined;
  }
}

/** The range a field's condition (`field: condition`) puts on it. */
function conditionRange(condition: unknown): Range | undefined {
  if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
    let range: Range | undefined;
    for (const [operator, operand] of Object.entries(condition)) {
      if (operator === '$in') {
        if (!Array.isArray(operand) || operand.length === 0 || !operand.every(boundable)) continue;
        range = intersect(range, operand.map(point).reduce(hull));
        continue;
      }
      const own = operatorRange(operator, operand);
      if (own) range = intersect(range, own);
    }
    return range;
  }
  return boundable(condition) ? point(condition) : undefined;
}

/** The range `filter` puts on top-level `field`: its own condition, `$and` conjuncts, and `$or` branches that all bound it. */
export function fieldRange(filter: Doc, field: string): Range | undefined {
  let range = field in filter ? conditionRange(filter[field]) : undefined;
  if (Array.isArray(filter.$and)) {
    for (const conjunct of filter.$and) if (isPlainObject(conjunct)) range = intersect(range, fieldRange(conjunct, field));
  }
  if (Array.isArray(filter.$or) && filter.$or.length > 0) {
    const branches = filter.$or.map((branch) => (isPlainObject(branch) ? fieldRange(branch, field) : undefined));
    // A document matching any branch lies in the hull of the branches' ranges, if every branch bounds the field.
    if (branches.every((b) => b !== undefined)) range = intersect(range, (branches as Range[]).reduce(hull));
  }
  return range;
}

/** Order of two lower bounds (−1: `a` admits more). Type-bracket edges sit before every value of the bracket. */
function compareLo(a: Bound, b: Bound): number {
  if ('rank' in a && 'rank' in b) return Math.sign(a.rank - b.rank);
  if ('rank' in a) return typeRank((b as { value: unknown }).value) >= a.rank ? -1 : 1;
  if ('rank' in b) return -compareLo(b, a);
  const c = compareValues(a.value, b.value);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1;
}

/** Order of two upper bounds (−1: `a` admits less). */
function compareHi(a: Bound, b: Bound): number {
  if ('rank' in a && 'rank' in b) return Math.sign(a.rank - b.rank);
  if ('rank' in a) return typeRank((b as { value: unknown }).value) <= a.rank ? 1 : -1;
  if ('rank' in b) return -compareHi(b, a);
  const c = compareValues(a.value, b.value);
  if (c !== 0) return c;
  return a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1;
}

/** Both conditions hold: the tighter bound on each side. */
export function intersect(a: Range | undefined, b: Range | undefined): Range | undefined {
  if (!a) return b;
  if (!b) return a;
  const lo = !a.lo ? b.lo : !b.lo ? a.lo : compareLo(a.lo, b.lo) >= 0 ? a.lo : b.lo;
  const hi = !a.hi ? b.hi : !b.hi ? a.hi : compareHi(a.hi, b.hi) <= 0 ? a.hi : b.hi;
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

/** Either condition holds: the looser bound on each side (a superset of the union). */
export function hull(a: Range, b: Range): Range {
  const lo = a.lo && b.lo ? (compareLo(a.lo, b.lo) <= 0 ? a.lo : b.lo) : undefined;
  const hi = a.hi && b.hi ? (compareHi(a.hi, b.hi) >= 0 ? a.hi : b.hi) : undefined;
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

/** Equality values a filter requires for a top-level field, if any (from `f: v`, `$eq`, `$in`, `$and`). */
export function equalityValues(filter: Doc, field: string): unknown[] | undefined {
  if (field in filter) {
    const condition: unknown = filter[field];
    if (condition instanceof RegExp) return undefined;
    if (isPlainObject(condition)) {
      const keys = Object.keys(condition);
      const hasOperators = keys.some((k) => k.startsWith('$'));
      if (!hasOperators) return [condition];
      if ('$eq' in condition && !(condition.$eq instanceof RegExp)) return [condition.$eq];
      if (
        Array.isArray(condition.$in) &&
        !condition.$in.some((v) => v instanceof RegExp || (isPlainObject(v) && '$regex' in v))
      ) {
        return condition.$in as unknown[];
      }
      return undefined;
    }
    return [condition];
  }
  if (Array.isArray(filter.$and)) {
    for (const conjunct of filter.$and) {
      if (!isPlainObject(conjunct)) continue;
      const values = equalityValues(conjunct, field);
      if (values) return values;
    }
  }
  return undefined;
}
