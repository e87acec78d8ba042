import { Decimal128, Long } from 'bson';
import { $push } from 'mingo/operators/accumulator';
import type { Options } from 'mingo/types';
import { compareValues } from '../bson/compare.js';
import { bsonType } from '../bson/types.js';

/**
 * `$sum` and `$avg` (in `$group`, `$setWindowFields` and as expressions) with MongoDB's numeric types.
 * mingo adds only JS numbers, so Decimal128 values and Longs beyond 2^53 (the driver promotes smaller
 * Longs to numbers) were skipped without a word: a wrong total. Here, as in MongoDB:
 * - non-numeric values (strings, null, missing, arrays in `$group`) are ignored;
 * - any Decimal128 makes the result Decimal128, computed exactly (doubles enter with 15 significant digits,
 *   as MongoDB converts them) and rounded to 34 digits;
 * - otherwise any non-integral double (or NaN / ±Infinity) makes the result a double;
 * - otherwise integers and Longs are added exactly: the result is a number while it is exact as one
 *   (|sum| ≤ 2^53, which the driver reads as MongoDB's int or long would read), a Long beyond that, and
 *   a double when it overflows 64 bits, as in MongoDB.
 * `$avg` is a double, or Decimal128 when any input is one; null when there are no numeric inputs.
 * `$min` / `$max` pick by BSON order (mingo compares Decimal128 and Long by their strings and ranks them
 * after every other type), ignoring null and missing. `$stdDevPop` / `$stdDevSamp` include Decimal128 and
 * Longs (as doubles, the type MongoDB answers them in) where mingo dropped them.
 */

/** An exact decimal: coefficient × 10^exponent, or a special value. */
type Exact = { coefficient: bigint; exponent: number } | { special: number };

const DECIMAL_PATTERN = /^([-+]?)(\d+)(?:\.(\d*))?(?:E([-+]?\d+))?$/i;

function decimalOf(text: string): Exact {
  if (/^[-+]?(inf|infinity)$/i.test(text)) return { special: text.startsWith('-') ? -Infinity : Infinity };
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return { special: NaN };
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const coefficient = BigInt(`${whole as string}${fraction}`);
  return { coefficient: sign === '-' ? -coefficient : coefficient, exponent: Number(exponent) - fraction.length };
}

/** A numeric input as an exact decimal (doubles with MongoDB's 15-digit conversion). */
function toExact(value: number | bigint | Decimal128): Exact {
  if (typeof value === 'bigint') return { coefficient: value, exponent: 0 };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { special: value };
    if (Number.isSafeInteger(value)) return { coefficient: BigInt(value), exponent: 0 };
    return decimalOf(value.toPrecision(15));
  }
  return decimalOf(value.toString());
}

function addExact(a: Exact, b: Exact): Exact {
  if ('special' in a || 'special' in b) return { special: ('special' in a ? a.special : 0) + ('special' in b ? b.special : 0) };
  const exponent = Math.min(a.exponent, b.exponent);
  const scale = (x: { coefficient: bigint; exponent: number }) => x.coefficient * 10n ** BigInt(x.exponent - exponent);
  return { coefficient: scale(a) + scale(b), exponent };
}

/**
 * `value / divisor`: exact when it divides (trailing zeros dropped down to the dividend's exponent, IEEE 754's
 * preferred exponent, so 3 / 2 is 1.5), else 36 digits and a sticky digit so that rounding to 34 is right.
 */
function divideExact(value: Exact, divisor: number): Exact {
  if ('special' in value) return value;
  const digits = (n: bigint) => (n < 0n ? -n : n).toString().length;
  const extra = Math.max(0, 36 - digits(value.coefficient) + String(divisor).length);
  const scaled = value.coefficient * 10n ** BigInt(extra);
  let quotient = scaled / BigInt(divisor);
  let exponent = value.exponent - extra;
  if (scaled % BigInt(divisor) !== 0n) return { coefficient: quotient * 10n + (scaled < 0n ? -1n : 1n), exponent: exponent - 1 };
  while (exponent < value.exponent && quotient % 10n === 0n) {
    quotient /= 10n;
    exponent++;
  }
  return { coefficient: quotient, exponent };
}

function toDecimal128(value: Exact): Decimal128 {
  if ('special' in value) {
    if (Number.isNaN(value.special)) return Decimal128.fromString('NaN');
    return Decimal128.fromString(value.special > 0 ? 'Infinity' : '-Infinity');
  }
  return Decimal128.fromStringWithRounding(`${value.coefficient}E${value.exponent}`);
}

type Numeric = number | bigint | Decimal128;

/** The numeric inputs, in order: numbers as they are, Longs as bigint, Decimal128 as is; others dropped. */
function numericInputs(values: unknown[]): Numeric[] {
  const out: Numeric[] = [];
  for (const value of values) {
    if (typeof value === 'number') out.push(value);
    else if (bsonType(value) === 'Long') out.push((value as Long).toBigInt());
    else if (bsonType(value) === 'Decimal128') out.push(value as Decimal128);
    else if (bsonType(value) === 'Int32' || bsonType(value) === 'Double')
      out.push(Number((value as { valueOf(): number }).valueOf()));
  }
  return out;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function sum(inputs: Numeric[]): number | Long | Decimal128 {
  if (inputs.some((v) => typeof v === 'object'))
    return toDecimal128(inputs.map(toExact).reduce(addExact, { coefficient: 0n, exponent: 0 }));
  const isInteger = (v: number | bigint) => typeof v === 'bigint' || Number.isSafeInteger(v);
  const plain = inputs as Array<number | bigint>;
  if (!plain.every(isInteger)) return plain.reduce<number>((total, v) => total + Number(v), 0);
  const exact = plain.reduce<bigint>((total, v) => total + BigInt(v), 0n);
  if (exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(exact);
  if (exact >= INT64_MIN && exact <= INT64_MAX) return Long.fromBigInt(exact);
  return Number(exact);
}

function average(inputs: Numeric[]): number | Decimal128 | null {
  if (inputs.length === 0) return null;
  if (inputs.some((v) => typeof v === 'object')) {
    return toDecimal128(divideExact(inputs.map(toExact).reduce(addExact, { coefficient: 0n, exponent: 0 }), inputs.length));
  }
  const total = sum(inputs);
  return Number(typeof total === 'number' ? total : total.toString()) / inputs.length;
}

type Accumulator = (collection: unknown[], expr: unknown, options: Options) => unknown;

export const $sum: Accumulator = (collection, expr, options) => sum(numericInputs($push(collection, expr, options) as unknown[]));

export const $avg: Accumulator = (collection, expr, options) =>
  average(numericInputs($push(collection, expr, options) as unknown[]));

/** The value first in BSON order (`direction` 1) or last (−1), null and missing aside; null if none. */
function extreme(values: unknown[], direction: 1 | -1): unknown {
  let best: unknown = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (best === null || compareValues(value, best) * direction < 0) best = value;
  }
  return best;
}

export const $min: Accumulator = (collection, expr, options) => extreme($push(collection, expr, options) as unknown[], 1);

export const $max: Accumulator = (collection, expr, options) => extreme($push(collection, expr, options) as unknown[], -1);

/** Standard deviation over the numeric inputs as doubles (Welford's method); null when undefined. */
function standardDeviation(values: unknown[], sample: boolean): number | null {
  const inputs = numericInputs(values).map((v) => Number(typeof v === 'object' ? v.toString() : v));
  if (inputs.length === 0 || (sample && inputs.length < 2)) return null;
  let mean = 0;
  let squares = 0;
  inputs.forEach((x, i) => {
    const delta = x - mean;
    mean += delta / (i + 1);
    squares += delta * (x - mean);
  });
  return Math.sqrt(squares / (sample ? inputs.length - 1 : inputs.length));
}

export const $stdDevPop: Accumulator = (collection, expr, options) =>
  standardDeviation($push(collection, expr, options) as unknown[], false);

export const $stdDevSamp: Accumulator = (collection, expr, options) =>
  standardDeviation($push(collection, expr, options) as unknown[], true);
