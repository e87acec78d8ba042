import { Timestamp, type Db, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('updops', (opened) => ({ db } = opened));

const one = async (doc: Document) => {
  const c = db.collection('c');
  await c.insertOne(doc);
  return c;
};

describe('positional $', () => {
  it('updates two fields of the matched element in one update (MongoDB docs: multiple field matches)', async () => {
    const c = await one({
      _id: 4,
      grades: [
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 90, std: 5 },
        { grade: 85, mean: 85, std: 8 },
      ],
    });
    const result = await c.updateOne({ _id: 4, 'grades.grade': 85 }, { $set: { 'grades.$.std': 6, 'grades.$.mean': 88 } });
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await c.findOne({ _id: 4 })).toEqual({
      _id: 4,
      grades: [
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 88, std: 6 },
        { grade: 85, mean: 85, std: 8 },
      ],
    });
  });

  it('uses the element $elemMatch matched, and answers 2 when the query names no array', async () => {
    const c = await one({
      _id: 5,
      grades: [
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 90, std: 5 },
        { grade: 90, mean: 85, std: 3 },
      ],
    });
    await c.updateOne(
      { _id: 5, grades: { $elemMatch: { grade: { $lte: 90 }, mean: { $gt: 80 } } } },
      { $set: { 'grades.$.std': 6 } },
    );
    expect((await c.findOne({ _id: 5 }))?.grades[1]).toEqual({ grade: 85, mean: 90, std: 6 });
    await expect(c.updateOne({ _id: 5 }, { $set: { 'grades.$.std': 1 } })).rejects.toMatchObject({
      code: 2,
      message: 'The positional operator did not find the match needed from the query.',
    });
  });

  it('still refuses the same positional path twice (40)', async () => {
    const c = await one({ _id: 1, a: [{ x: 1 }] });
    await expect(c.updateOne({ 'a.x': 1 }, { $set: { 'a.$.x': 2 }, $inc: { 'a.$.x': 1 } })).rejects.toMatchObject({ code: 40 });
  });
});

describe('numeric field names', () => {
  it('$set of m.1 and m.2 sets fields "1" and "2" of an object, and elements of an array', async () => {
    const c = await one({ _id: 1, m: { a: 0 }, arr: ['x', 'y', 'z'] });
    await c.updateOne({ _id: 1 }, { $set: { 'm.1': 'one', 'm.2': 'two', 'arr.1': 'Y', 'arr.2': 'Z' } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, m: { a: 0, 1: 'one', 2: 'two' }, arr: ['x', 'Y', 'Z'] });
    // A path and a path inside it still conflict.
    await expect(c.updateOne({ _id: 1 }, { $set: { 'm.1': 1, 'm.1.x': 2 } })).rejects.toMatchObject({ code: 40 });
    await expect(c.updateOne({ _id: 1 }, { $set: { m: 1 }, $unset: { 'm.2': 1 } })).rejects.toMatchObject({ code: 40 });
  });
});

describe('$pull', () => {
  it('removes document elements matching an $or condition', async () => {
    const c = await one({
      _id: 1,
      results: [
        { item: 'A', score: 5 },
        { item: 'B', score: 8 },
        { item: 'C', score: 3 },
      ],
    });
    await c.updateOne({ _id: 1 }, { $pull: { results: { $or: [{ score: 8 }, { item: 'C' }] } } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, results: [{ item: 'A', score: 5 }] });
  });

  it('follows the documented forms: values, operator conditions, document queries, $elemMatch', async () => {
    const c = await one({
      _id: 1,
      fruits: ['apples', 'pears', 'oranges', 'grapes', 'bananas'],
      vegetables: ['carrots', 'celery', 'squash', 'carrots'],
      votes: [3, 5, 6, 7, 7, 8],
      results: [
        {
          item: 'A',
          score: 5,
          answers: [
            { q: 1, a: 4 },
            { q: 2, a: 6 },
          ],
        },
        {
          item: 'B',
          score: 8,
          answers: [
            { q: 1, a: 8 },
            { q: 2, a: 9 },
          ],
        },
      ],
    });
    await c.updateOne(
      { _id: 1 },
      {
        $pull: {
          fruits: { $in: ['apples', 'oranges'] },
          vegetables: 'carrots',
          votes: { $gte: 6 },
          results: { answers: { $elemMatch: { q: 2, a: { $gte: 8 } } } },
        },
      },
    );
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      fruits: ['pears', 'grapes', 'bananas'],
      vegetables: ['celery', 'squash'],
      votes: [3, 5],
      results: [
        {
          item: 'A',
          score: 5,
          answers: [
            { q: 1, a: 4 },
            { q: 2, a: 6 },
          ],
        },
      ],
    });
  });
});

describe('$-prefixed field names (MongoDB 5.0+)', () => {
  it('sets a nested $-prefixed field; refuses to create a top-level one on an existing document (52)', async () => {
    const c = await one({ _id: 'E123', address: { $number: 123, $street: 'Elm Road' }, $rooms: { br: 2, bath: 1 } });
    await c.updateOne({ _id: 'E123' }, { $set: { 'address.$street': 'Elm Ave', 'address.$zip': '0001' } });
    await c.updateOne({ _id: 'E123' }, { $set: { '$rooms.br': 3 } });
    expect(await c.findOne({ _id: 'E123' })).toEqual({
      _id: 'E123',
      address: { $number: 123, $street: 'Elm Ave', $zip: '0001' },
      $rooms: { br: 3, bath: 1 },
    });
    await expect(c.updateOne({ _id: 'E123' }, { $set: { $hotel: 320.1 } })).rejects.toMatchObject({
      code: 52,
      message: "The dollar ($) prefixed field '$hotel' in '$hotel' is not valid for storage.",
    });
  });

  it('inserts documents with $-prefixed field names at any level (MongoDB docs examples)', async () => {
    const c = db.collection('books');
    await c.insertOne({ _id: 1 as never, $price: 50.0, quantity: 30 });
    await c.insertOne({ _id: 2 as never, $id: 'h1961-01', location: { $db: 'novels', $ref: '2007042768', $inc: true } });
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, $price: 50.0, quantity: 30 },
      { _id: 2, $id: 'h1961-01', location: { $db: 'novels', $ref: '2007042768', $inc: true } },
    ]);
  });

  it('lets an upsert insert a top-level $-prefixed field (it is an insert)', async () => {
    const c = db.collection('expenses');
    await c.updateOne({ date: '2021-07-07' }, { $set: { phone: 25.17, $hotel: 320.1 } }, { upsert: true });
    expect(await c.findOne({ date: '2021-07-07' }, { projection: { _id: 0 } })).toEqual({
      date: '2021-07-07',
      $hotel: 320.1,
      phone: 25.17,
    });
    // The same update on the now existing document fails, as the documentation says.
    await expect(c.updateOne({ date: '2021-07-07' }, { $set: { phone: 1, $hotel: 1 } }, { upsert: true })).rejects.toMatchObject({
      code: 52,
    });
  });
});

describe('__proto__ as a field name', () => {
  const protoDoc = (value: unknown): Document => JSON.parse(`{"_id": 1, "__proto__": ${JSON.stringify(value)}}`) as Document;

  it('is stored, returned and updated like any field, and never touches Object.prototype', async () => {
    const c = await one(protoDoc({ admin: false }));
    const stored = await c.findOne({ _id: 1 });
    expect(Object.hasOwn(stored ?? {}, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toEqual({ admin: false });
    await c.updateOne({ _id: 1 }, { $set: { '__proto__.polluted': 'yes', 'a.__proto__.b': 1 } });
    await c.updateOne({ _id: 2 }, { $set: { '__proto__.alsoPolluted': 'yes' } }, { upsert: true });
    // Queries through a `__proto__` path are refused (mingo's guard), not answered wrongly.
    await expect(c.updateOne({ '__proto__.x': 'seed' }, { $set: { y: 1 } }, { upsert: true })).rejects.toMatchObject({ code: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).alsoPolluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const updated = await c.findOne({ _id: 1 });
    expect(Object.getOwnPropertyDescriptor(updated, '__proto__')?.value).toEqual({ admin: false, polluted: 'yes' });
    expect(Object.getOwnPropertyDescriptor(updated?.a, '__proto__')?.value).toEqual({ b: 1 });
    const upserted = await c.findOne({ _id: 2 });
    expect(Object.getOwnPropertyDescriptor(upserted, '__proto__')?.value).toEqual({ alsoPolluted: 'yes' });
    // Projections, aggregation stages and pipeline updates keep it too.
    const protoOf = (doc: unknown) => Object.getOwnPropertyDescriptor(doc, '__proto__')?.value as unknown;
    expect(protoOf(await c.findOne({ _id: 1 }, { projection: { a: 0 } }))).toEqual({ admin: false, polluted: 'yes' });
    const [added] = await c.aggregate([{ $match: { _id: 1 } }, { $addFields: { z: 1 } }, { $project: { a: 0 } }]).toArray();
    expect(protoOf(added)).toEqual({ admin: false, polluted: 'yes' });
    await c.updateOne({ _id: 1 }, [{ $set: { z: 2 } }]);
    expect(protoOf(await c.findOne({ _id: 1 }))).toEqual({ admin: false, polluted: 'yes' });
    await c.updateOne({ _id: 1 }, { $unset: JSON.parse('{"__proto__": 1}') as Document });
    expect(Object.hasOwn((await c.findOne({ _id: 1 })) ?? {}, '__proto__')).toBe(false);
  });
});

describe('other operators keep MongoDB semantics', () => {
  it('$push modifiers, $addToSet $each, $pop, $pullAll, $min/$max, $mul, $rename, $bit, $unset in arrays', async () => {
    const c = await one({
      _id: 1,
      s: [3, 1],
      t: ['a'],
      p: [1, 2, 3],
      q: [0, 5, 5, 1],
      lo: 5,
      hi: 5,
      m: 2,
      r: { x: 1 },
      b: 13,
      u: [1, 2],
    });
    await c.updateOne(
      { _id: 1 },
      {
        $push: { s: { $each: [5, 2], $sort: -1, $slice: 3 } },
        $addToSet: { t: { $each: ['a', 'b', 'b'] } },
        $pop: { p: -1 },
        $pullAll: { q: [5, 1] },
        $min: { lo: 2 },
        $max: { hi: 1 },
        $mul: { m: 3, missing: 4 },
        $rename: { 'r.x': 'moved' },
        $bit: { b: { and: 10 } },
        $unset: { 'u.0': 1 },
      },
    );
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      s: [5, 3, 2],
      t: ['a', 'b'],
      p: [2, 3],
      q: [0],
      lo: 2,
      hi: 5,
      m: 6,
      r: {},
      b: 8,
      u: [null, 2],
      missing: 0,
      moved: 1,
    });
    await c.updateOne({ _id: 1 }, { $push: { s: { $each: [9], $position: 0 } } });
    expect((await c.findOne({ _id: 1 }))?.s).toEqual([9, 5, 3, 2]);
  });

  it('$currentDate sets a date, or a timestamp of the current second', async () => {
    const c = await one({ _id: 1 });
    const before = Math.floor(Date.now() / 1000);
    await c.updateOne({ _id: 1 }, { $currentDate: { d: true, ts: { $type: 'timestamp' } } });
    const doc = (await c.findOne({ _id: 1 })) ?? {};
    expect(doc.d).toBeInstanceOf(Date);
    expect(doc.ts).toBeInstanceOf(Timestamp);
    expect((doc.ts as Timestamp).t).toBeGreaterThanOrEqual(before);
    expect((doc.ts as Timestamp).t).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('adds new fields in field-name order (MongoDB 5.0+)', async () => {
    const c = await one({ _id: 1, z: 0 });
    await c.updateOne({ _id: 1 }, { $set: { b: 1, 'c.y': 1, a: 1, 'c.x': 1 } });
    // (JavaScript objects list integer-like names first whatever the stored order, so only names are checked.)
    const doc = (await c.findOne({ _id: 1 })) ?? {};
    expect(Object.keys(doc)).toEqual(['_id', 'z', 'a', 'b', 'c']);
    expect(Object.keys(doc.c as Document)).toEqual(['x', 'y']);
  });

  it('refuses empty path components (56) and unused array filters (9)', async () => {
    const c = await one({ _id: 1, a: [1] });
    await expect(c.updateOne({ _id: 1 }, { $set: { 'a..b': 1 } })).rejects.toMatchObject({ code: 56 });
    await expect(c.updateOne({ _id: 1 }, { $set: { x: 1 } }, { arrayFilters: [{ i: 1 }] })).rejects.toMatchObject({ code: 9 });
    await expect(c.updateOne({ _id: 1 }, { $set: { 'a.$[i]': 1 } })).rejects.toMatchObject({ code: 2 });
  });
});
