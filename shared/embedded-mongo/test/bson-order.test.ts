import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { compareValues } from '../src/index.js';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('order', (opened) => ({ db } = opened));

describe('BSON comparison order', () => {
  it('orders across types like MongoDB (unit)', () => {
    const ascending = [
      new MinKey(),
      null,
      -Infinity,
      Long.fromString('-9007199254740993'),
      -1,
      Decimal128.fromString('0.5'),
      1,
      Long.fromNumber(2),
      2.5,
      Long.fromString('9007199254740993'),
      '',
      'a',
      'b',
      'é',
      { a: 1 },
      [1],
      new Binary(Buffer.from([1])),
      new ObjectId('000000000000000000000001'),
      new ObjectId('ffffffffffffffffffffffff'),
      false,
      true,
      new Date(0),
      new Date(1000),
      /a/,
      new MaxKey(),
    ];
    for (let i = 0; i < ascending.length - 1; i++) {
      expect(compareValues(ascending[i], ascending[i + 1]), `${i}`).toBeLessThan(0);
      expect(compareValues(ascending[i + 1], ascending[i]), `${i}`).toBeGreaterThan(0);
    }
    expect(compareValues(1, Long.fromNumber(1))).toBe(0);
    expect(compareValues(Decimal128.fromString('1.0'), 1)).toBe(0);
    expect(compareValues(undefined, null)).toBe(0);
  });

  it('sorts mixed types, Longs beyond 2^53 and Decimal128 by value over the wire', async () => {
    const c = db.collection('mixed');
    await c.insertMany([
      { k: 'str', v: 'b' },
      { k: 'big', v: Long.fromString('9007199254740993') },
      { k: 'dec', v: Decimal128.fromString('10.5') },
      { k: 'nine', v: 9 },
      { k: 'date', v: new Date(5) },
      { k: 'null', v: null },
      { k: 'missing' },
      { k: 'oid', v: new ObjectId('000000000000000000000001') },
      { k: 'bool', v: true },
      { k: 'neg', v: Long.fromNumber(-3) },
    ]);
    const asc = (await c.find({}).sort({ v: 1, k: 1 }).toArray()).map((d) => d.k);
    expect(asc).toEqual(['missing', 'null', 'neg', 'nine', 'dec', 'big', 'str', 'oid', 'bool', 'date']);
    const desc = (await c.find({}).sort({ v: -1, k: 1 }).toArray()).map((d) => d.k);
    expect(desc).toEqual(['date', 'bool', 'oid', 'str', 'big', 'dec', 'nine', 'neg', 'missing', 'null']);
  });

  it('answers range queries within the numeric type bracket', async () => {
    const c = db.collection('range');
    await c.insertMany([
      { k: 'dec', v: Decimal128.fromString('10.5') },
      { k: 'big', v: Long.fromString('9007199254740993') },
      { k: 'nine', v: 9 },
      { k: 'str', v: '100' },
      { k: 'null', v: null },
    ]);
    const gt = (
      await c
        .find({ v: { $gt: 10 } })
        .sort({ k: 1 })
        .toArray()
    ).map((d) => d.k);
    expect(gt).toEqual(['big', 'dec']);
    const between = (
      await c
        .find({ v: { $gte: Decimal128.fromString('9'), $lt: Long.fromNumber(11) } })
        .sort({ k: 1 })
        .toArray()
    ).map((d) => d.k);
    expect(between).toEqual(['dec', 'nine']);
    expect((await c.find({ v: 9 }).toArray()).map((d) => d.k)).toEqual(['nine']);
    expect((await c.find({ v: Long.fromNumber(9) }).toArray()).map((d) => d.k)).toEqual(['nine']);
    expect((await c.find({ v: { $lte: null } }).toArray()).map((d) => d.k)).toEqual(['null']);
    expect(await c.find({ v: { $gt: 'a' } }).toArray()).toEqual([]);
  });

  it('sorts arrays by their smallest element ascending and largest descending', async () => {
    const c = db.collection('arrays');
    await c.insertMany([
      { k: 'a', v: [5, 1] },
      { k: 'b', v: 3 },
      { k: 'c', v: [2, 9] },
    ]);
    expect((await c.find({}).sort({ v: 1 }).toArray()).map((d) => d.k)).toEqual(['a', 'c', 'b']);
    expect((await c.find({}).sort({ v: -1 }).toArray()).map((d) => d.k)).toEqual(['c', 'a', 'b']);
    const viaAggregate = await c.aggregate([{ $sort: { v: -1 } }, { $project: { _id: 0, k: 1 } }]).toArray();
    expect(viaAggregate).toEqual([{ k: 'c' }, { k: 'a' }, { k: 'b' }]);
  });

  it('keeps sort stable on ties', async () => {
    const c = db.collection('stable');
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ i, g: i % 3 })));
    const docs = await c.find({}).sort({ g: 1 }).toArray();
    const byGroup = [0, 1, 2].map((g) => docs.filter((d) => d.g === g).map((d) => d.i));
    for (const group of byGroup) expect(group).toEqual([...group].sort((a, b) => a - b));
  });
});
