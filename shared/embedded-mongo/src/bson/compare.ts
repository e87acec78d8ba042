import type { Binary, Decimal128, Long, ObjectId, Timestamp, BSONRegExp } from 'bson';
import { bsonType, typeRank } from './types.js';

/**
 * MongoDB's BSON comparison order, used for sort, range queries and index keys. mingo compares Long and
 * Decimal128 by their string form and ranks unknown classes last; this module gives the server's order.
 */

type Numeric = { kind: 'number'; value: number } | { kind: 'bigint'; value: bigint };

function numeric(value: unknown): Numeric {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'bigint') return { kind: 'bigint', value };
  switch (bsonType(value)) {
    case 'Long': {
      const long = value as Long;
      const big = long.toBigInt();
      if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) {
        return { kind: 'number', value: Number(big) };
      }
      return { kind: 'bigint', value: big };
    }
    case 'Decimal128':
      // Precision beyond a double's is not kept for ordering (documented in the README).
      return { kind: 'number', value: Number((value as Decimal128).toString()) };
    default:
      return { kind: 'number', value: Number((value as { valueOf(): number }).valueOf()) };
  }
}

function compareNumeric(a: unknown, b: unknown): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x.kind === 'number' && y.kind === 'number') {
    // MongoDB orders NaN below every other number and equal to itself.
    if (Number.isNaN(x.value)) return Number.isNaN(y.value) ? 0 : -1;
    if (Number.isNaN(y.value)) return 1;
    return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
  }
  if (x.kind === 'bigint' && y.kind === 'bigint') return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
  // One side is a Long outside the double-safe range.
  const big = x.kind === 'bigint' ? x.value : (y as { value: bigint }).value;
  const num = x.kind === 'number' ? x.value : (y as { value: number }).value;
  let result: number;
  if (Number.isNaN(num)) result = 1;
  else if (num === Infinity) result = -1;
  else if (num === -Infinity) result = 1;
  else {
    const asBig = BigInt(Math.trunc(num));
    result = big < asBig ? -1 : big > asBig ? 1 : Math.trunc(num) === num ? 0 : big <= asBig ? -1 : 1;
  }
  return x.kind === 'bigint' ? result : -result;
}

/** Compare strings by Unicode code point, which is the UTF-8 byte order MongoDB uses. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Total order over BSON values as MongoDB defines it (arrays compared element by element). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 100:
      return 0;
    case 3:
      return compareNumeric(a, b);
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6: {
      const xs = a as unknown[];
      const ys = b as unknown[];
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
        const c = compareValues(xs[i], ys[i]);
        if (c !== 0) return c;
      }
      return sign(xs.length - ys.length);
    }
    case 7: {
      const x = a as Binary;
      const y = b as Binary;
      if (x.position !== y.position) return x.position < y.position ? -1 : 1;
      if (x.sub_type !== y.sub_type) return x.sub_type < y.sub_type ? -1 : 1;
      return compareBytes(x.buffer.subarray(0, x.position), y.buffer.subarray(0, y.position));
    }
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return a === b ? 0 : a ? 1 : -1;
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return x.t !== y.t ? sign(x.t - y.t) : sign(x.i - y.i);
    }
    case 12: {
      const [sa, fa] = regexParts(a);
      const [sb, fb] = regexParts(b);
      return compareStrings(sa, sb) || compareStrings(fa, fb);
    }
    default:
      return compareStrings(String(a), String(b));
  }
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const r = value as BSONRegExp;
  return [r.pattern, r.options];
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const byType = sign(typeRank(a[fa]) - typeRank(b[fb]));
    if (byType !== 0) return byType;
    const byName = compareStrings(fa, fb);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[fa], b[fb]);
    if (byValue !== 0) return byValue;
  }
  return sign(ka.length - kb.length);
}

/** True when MongoDB's equality treats the two values as the same (e.g. 1, 1.0 and Long(1)). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0 && typeRank(a) === typeRank(b);
}

/** The canonical form of a number for `keyOf`: 1, 1.0, Long(1) and Decimal128("1") share it; -0 is 0. */
export function numericKey(value: unknown): string {
  const n = numeric(value);
  return n.kind === 'number' ? (Object.is(n.value, -0) ? '0' : String(n.value)) : String(n.value);
}
