import { BSONSymbol, Decimal128, Double, Int32, Long } from 'bson';
import type { Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('simple_filter', (opened) => ({ db } = opened));

/** Values of many BSON types, alone and in arrays: what an equality on a string, number or boolean meets. */
const VALUES: unknown[] = [
  'x',
  'X',
  '',
  1,
  -0,
  0,
  1.5,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  new Long(1),
  Long.fromString('9007199254740993'),
  new Int32(1),
  new Double(1),
  Decimal128.fromString('1.0'),
  new BSONSymbol('x'),
  true,
  false,
  null,
  new Date(1),
  /x/,
  { x: 1 },
  ['x', 1],
  [['x']],
  [[1]],
  [],
  [true],
  [new Long(1)],
  [Decimal128.fromString('1.5')],
];

const OPERANDS: unknown[] = ['x', '', 1, 0, -0, 1.5, 9007199254740992, Number.POSITIVE_INFINITY, true, false];

describe('equality filters: the quick test (ADR 155) and mingo answer alike', () => {
  it('matches the same documents for every operand and stored value', async () => {
    const c = db.collection('values');
    await c.insertMany(VALUES.map((v, i) => ({ _id: i, v, w: i % 2 === 0 ? 'even' : 'odd' }) as Document));
    await c.insertOne({ _id: 'missing', w: 'even' });
    for (const operand of OPERANDS) {
      // `{ v: operand }` takes the quick test; `{ v: { $eq: operand } }` is compiled by mingo.
      const quick = (await c.find({ v: operand }).toArray()).map((d) => d._id);
      const general = (await c.find({ v: { $eq: operand } }).toArray()).map((d) => d._id);
      expect({ operand, ids: quick }).toEqual({ operand, ids: general });
      const quickTwo = await c.countDocuments({ v: operand, w: 'even' });
      const generalTwo = await c.countDocuments({ $and: [{ v: operand }, { w: 'even' }] });
      expect({ operand, n: quickTwo }).toEqual({ operand, n: generalTwo });
    }
    // `{}` and a filter on a field no document has.
    expect(await c.countDocuments({})).toBe(VALUES.length + 1);
    expect(await c.countDocuments({ nothing: 'x' })).toBe(0);
  });

  it('updates and deletes the document the general matcher would pick', async () => {
    const c = db.collection('writes');
    await c.insertMany([
      { _id: 1, k: Decimal128.fromString('7') },
      { _id: 2, k: [Decimal128.fromString('7.0')] },
      { _id: 3, k: 7 },
    ]);
    // The first two stay Decimal128 on the server, a class the quick test leaves to mingo: all three equal 7.
    expect((await c.updateMany({ k: 7 }, { $set: { seen: true } })).modifiedCount).toBe(3);
    expect((await c.findOneAndDelete({ k: 7 }))?._id).toBe(1);
  });
});
