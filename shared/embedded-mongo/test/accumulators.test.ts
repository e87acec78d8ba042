import { Decimal128, Long } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithClient } from './helpers.js';

/** `$sum` / `$avg` with MongoDB's numeric types (mingo skipped Decimal128 and big Longs: a wrong total). */
describe('$sum and $avg', () => {
  let ctx: Awaited<ReturnType<typeof startWithClient>>;
  const db = () => ctx.client.db('accumulators');

  beforeAll(async () => {
    ctx = await startWithClient();
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** Group every document of a fresh collection holding `values` as `v`; exact bigint output for Longs. */
  async function totals(name: string, values: unknown[]) {
    const collection = db().collection(name);
    await collection.insertMany(values.map((v, i) => (v === undefined ? { _id: i } : { _id: i, v })));
    const [result] = await collection
      .aggregate([{ $group: { _id: null, sum: { $sum: '$v' }, avg: { $avg: '$v' }, n: { $sum: 1 } } }], { useBigInt64: true })
      .toArray();
    return result as { sum: unknown; avg: unknown; n: unknown };
  }

  it('answers Decimal128 when any input is Decimal128, exactly', async () => {
    const thirds = await totals('decimals', [
      Decimal128.fromString('0.1'),
      Decimal128.fromString('0.1'),
      Decimal128.fromString('0.1'),
    ]);
    expect(thirds.sum).toBeInstanceOf(Decimal128);
    expect(String(thirds.sum)).toBe('0.3');
    expect(String(thirds.avg)).toBe('0.1');
    const big = await totals('bigDecimals', [Decimal128.fromString('12345678901234567890.123'), 1, 'not a number', null]);
    expect(String(big.sum)).toBe('12345678901234567891.123');
    expect(String(big.avg)).toBe('6172839450617283945.5615');
    // A double enters with 15 significant digits, as MongoDB converts it.
    const mixed = await totals('mixed', [1, 2.5, Decimal128.fromString('0.1')]);
    expect(mixed.sum).toBeInstanceOf(Decimal128);
    expect(Number(String(mixed.sum))).toBe(3.6);
    expect(String(mixed.avg)).toBe('1.20000000000000');
    const third = await totals('third', [Decimal128.fromString('1'), 0, 0]);
    expect(String(third.avg)).toBe('0.3333333333333333333333333333333333');
  });

  it('adds Longs beyond 2^53 exactly, and overflows 64 bits into a double', async () => {
    const long = await totals('longs', [Long.fromString('9007199254740993'), 2]);
    expect(long.sum).toBe(9007199254740995n);
    expect(long.n).toBe(2);
    const overflow = await totals('overflow', [Long.MAX_VALUE, Long.fromNumber(1)]);
    expect(overflow.sum).toBe(9223372036854775808);
    const ints = await totals('ints', [2147483647, 1]);
    expect(ints.sum).toBe(2147483648);
    expect(ints.avg).toBe(1073741824);
  });

  it('ignores non-numeric values, and $avg of nothing numeric is null', async () => {
    const none = await totals('none', ['a', null, undefined, [1, 2], { x: 1 }]);
    expect(none.sum).toBe(0);
    expect(none.avg).toBeNull();
    const doubles = await totals('doubles', [0.5, 1, 'x', 2]);
    expect(doubles.sum).toBe(3.5);
    expect(doubles.avg).toBeCloseTo(3.5 / 3, 12);
  });

  it('as expressions over a list or an array field', async () => {
    const collection = db().collection('expressions');
    await collection.insertOne({ _id: 1, a: Decimal128.fromString('1.25'), b: 2, list: [Decimal128.fromString('0.5'), 1, 'x'] });
    const [doc] = await collection
      .aggregate([{ $project: { both: { $sum: ['$a', '$b'] }, listed: { $sum: '$list' }, mean: { $avg: '$list' } } }])
      .toArray();
    expect(String(doc?.both)).toBe('3.25');
    expect(String(doc?.listed)).toBe('1.5');
    expect(String(doc?.mean)).toBe('0.75');
  });

  it('$min / $max by BSON order, $stdDevPop / $stdDevSamp counting Decimal128 and Longs', async () => {
    const collection = db().collection('extremes');
    const values = [Decimal128.fromString('10'), Decimal128.fromString('9'), 9.5, null, Long.fromString('9007199254740993')];
    await collection.insertMany(values.map((v, i) => ({ _id: i, v, d: i < 2 ? v : 0 })));
    const [result] = await collection
      .aggregate(
        [
          {
            $group: {
              _id: null,
              min: { $min: '$v' },
              max: { $max: '$v' },
              pop: { $stdDevPop: '$d' },
              samp: { $stdDevSamp: '$d' },
            },
          },
        ],
        { useBigInt64: true },
      )
      .toArray();
    expect(String(result?.min)).toBe('9');
    expect(result?.max).toBe(9007199254740993n);
    // d = [10, 9, 0, 0, 0]: mean 3.8, squared deviations sum to 108.8.
    expect(result?.pop).toBeCloseTo(Math.sqrt(108.8 / 5), 12);
    expect(result?.samp).toBeCloseTo(Math.sqrt(108.8 / 4), 12);
  });

  it('refuses arithmetic expressions on Decimal128 rather than answering a wrong number', async () => {
    const collection = db().collection('arithmetic');
    await collection.insertOne({ _id: 1, a: Decimal128.fromString('1.5') });
    await expect(collection.aggregate([{ $project: { x: { $add: ['$a', 1] } } }]).toArray()).rejects.toMatchObject({ code: 2 });
  });
});
