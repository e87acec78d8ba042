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

  it('a list grown by $addToSet keeps its members across joins (the keys kept from the last join, ADR 155)', async () => {
    const c = db.collection('joins');
    await c.insertOne({ _id: 1, evidence: [{ id: 'a' }] });
    // Each join's list is the next join's starting point; members added by any earlier join are not added again,
    // whether the next join starts from the kept keys or, after another operator rebuilt the list, keys it anew.
    await c.updateOne({ _id: 1 }, { $addToSet: { evidence: { $each: [{ id: 'b' }, { id: 'a' }] } } });
    await c.updateOne({ _id: 1 }, { $addToSet: { evidence: { $each: [{ id: 'b' }, { id: 'c' }] } } });
    await c.updateOne({ _id: 1 }, { $addToSet: { evidence: { id: 'c' } } });
    await c.updateOne({ _id: 1 }, { $push: { evidence: { $each: [], $slice: -2 } } });
    await c.updateOne({ _id: 1 }, { $addToSet: { evidence: { $each: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] } } });
    expect((await c.findOne({ _id: 1 }))?.evidence).toEqual([{ id: 'b' }, { id: 'c' }, { id: 'a' }]);
    // $push keeps the keys in step with the elements: at a position, alone, then cut from the front.
    await c.updateOne({ _id: 1 }, { $push: { evidence: { $each: [{ id: 'd' }], $position: 1 } } });
    await c.updateOne({ _id: 1 }, { $push: { evidence: { id: 'e' } } });
    await c.updateOne({ _id: 1 }, { $push: { evidence: { $each: [], $slice: 2 } } });
    await c.updateOne({ _id: 1 }, { $addToSet: { evidence: { $each: [{ id: 'd' }, { id: 'c' }, { id: 'e' }, { id: 'b' }] } } });
    expect((await c.findOne({ _id: 1 }))?.evidence).toEqual([{ id: 'b' }, { id: 'd' }, { id: 'c' }, { id: 'e' }]);
  });
});
