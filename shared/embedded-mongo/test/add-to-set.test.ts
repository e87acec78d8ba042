import { Decimal128, Long, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('addtoset', (opened) => ({ db } = opened));

/** `$addToSet` looks members up by key (ADR 114): the same members as comparing each item with every element. */
describe('$addToSet', () => {
  it('$addToSet adds what no element equals: numbers of any BSON type, documents with their fields in order', async () => {
    const c = db.collection('c');
    await c.insertOne({ _id: 1, v: [1, 'x', { a: 1, b: 2 }, [1, 2], null, new Date(0)] });
    await c.updateOne(
      { _id: 1 },
      {
        $addToSet: {
          v: {
            $each: [
              1.0,
              Long.fromNumber(1),
              Decimal128.fromString('1'),
              { a: 1, b: 2 },
              { b: 2, a: 1 },
              [1, 2],
              [2, 1],
              null,
              new Date(0),
              'x',
              'X',
              2,
              2,
            ],
          },
        },
      },
    );
    expect((await c.findOne({ _id: 1 }))?.v).toEqual([
      1,
      'x',
      { a: 1, b: 2 },
      [1, 2],
      null,
      new Date(0),
      { b: 2, a: 1 },
      [2, 1],
      'X',
      2,
    ]);
    // A long list against a long array: each of 3,000 items looked up among 3,000 elements, the new half added once.
    await c.updateOne({ _id: 1 }, { $set: { w: Array.from({ length: 3000 }, (_, i) => `e-${i}`) } });
    await c.updateOne({ _id: 1 }, { $addToSet: { w: { $each: Array.from({ length: 3000 }, (_, i) => `e-${i + 1500}`) } } });
    const w = (await c.findOne({ _id: 1 }))?.w as string[];
    expect(w).toHaveLength(4500);
    expect(w.at(-1)).toBe('e-4499');
  });
});
