import { DBRef, ObjectId, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('queryconf', (opened) => ({ db } = opened));

describe('projection $elemMatch', () => {
  it('accepts query operators such as $in and returns the first matching element only', async () => {
    const c = db.collection('schools');
    await c.insertMany([
      {
        _id: 1 as never,
        zipcode: '63109',
        students: [
          { name: 'john', school: 102, age: 10 },
          { name: 'jess', school: 102, age: 11 },
          { name: 'jeff', school: 108, age: 15 },
        ],
      },
      { _id: 2 as never, zipcode: '63110', students: [{ name: 'ajax', school: 100, age: 7 }] },
      { _id: 3 as never, zipcode: '63109', students: [{ name: 'barney', school: 102, age: 7 }] },
    ]);
    const found = await c
      .find({ zipcode: '63109' }, { projection: { students: { $elemMatch: { school: { $in: [108, 102] }, age: { $gt: 10 } } } } })
      .toArray();
    // MongoDB's documented example: the first matching element; a document without one has no field.
    expect(found).toEqual([{ _id: 1, students: [{ name: 'jess', school: 102, age: 11 }] }, { _id: 3 }]);
    const scalars = db.collection('scalars');
    await scalars.insertOne({ _id: 1 as never, tags: ['a', 'b', 'c'] });
    expect(await scalars.findOne({}, { projection: { tags: { $elemMatch: { $in: ['c', 'b'] } } } })).toEqual({
      _id: 1,
      tags: ['b'],
    });
  });
});

describe('DBRef fields in queries', () => {
  it('matches $id (and $ref) inside $elemMatch', async () => {
    const c = db.collection('posts');
    const author = new ObjectId();
    const other = new ObjectId();
    await c.insertMany([
      { _id: 1 as never, refs: [new DBRef('users', author), new DBRef('teams', other)] },
      { _id: 2 as never, refs: [new DBRef('users', other)] },
    ]);
    const byId = await c.find({ refs: { $elemMatch: { $id: author } } }).toArray();
    expect(byId.map((d) => d._id)).toEqual([1]);
    const byBoth = await c.find({ refs: { $elemMatch: { $ref: 'users', $id: other } } }).toArray();
    expect(byBoth.map((d) => d._id)).toEqual([2]);
    const dotted = await c.find({ 'refs.$id': other }).toArray();
    expect(dotted.map((d) => d._id)).toEqual([1, 2]);
    const inList = await c.find({ refs: { $elemMatch: { $id: { $in: [author] } } } }).toArray();
    expect(inList.map((d) => d._id)).toEqual([1]);
  });

  it('stores a DBRef as its document and gives it back as a DBRef; equality matches it', async () => {
    const c = db.collection('owned');
    const owner = new ObjectId();
    await c.insertOne({ _id: 1 as never, owner: new DBRef('users', owner, 'app') });
    const back = await c.findOne({ owner: new DBRef('users', owner, 'app') });
    expect(back?.owner).toBeInstanceOf(DBRef);
    expect((back?.owner as DBRef).oid.equals(owner)).toBe(true);
    expect((back?.owner as DBRef).db).toBe('app');
    expect(await c.countDocuments({ 'owner.$ref': 'users', 'owner.$db': 'app' })).toBe(1);
    expect(await c.countDocuments({ owner: new DBRef('users', new ObjectId(), 'app') })).toBe(0);
  });
});

describe('aggregation stage names', () => {
  it('answers 40324 Unrecognized pipeline stage name for an unknown stage, also nested', async () => {
    await db.collection('c').insertOne({ a: 1 });
    await expect(
      db
        .collection('c')
        .aggregate([{ $match: {} }, { $bogus: {} }])
        .toArray(),
    ).rejects.toMatchObject({
      code: 40324,
      message: "Unrecognized pipeline stage name: '$bogus'",
    });
    await expect(
      db
        .collection('c')
        .aggregate([{ $lookup: { from: 'd', pipeline: [{ $nope: 1 }], as: 'x' } }])
        .toArray(),
    ).rejects.toMatchObject({ code: 40324, message: "Unrecognized pipeline stage name: '$nope'" });
    await expect(
      db
        .collection('c')
        .aggregate([{ $facet: { x: [{ $what: 1 }] } }])
        .toArray(),
    ).rejects.toMatchObject({
      code: 40324,
    });
  });
});

describe('$in with many strings (set lookup)', () => {
  it('matches exactly what the $or of one equality per item matches: scalars, arrays, nested paths, null, regexes, numbers', async () => {
    const c = db.collection('in-lists');
    const keys = Array.from({ length: 300 }, (_, i) => `t|acc-${i}|LOGIN_FAILED`);
    await c.insertMany([
      ...keys.map((key, i) => ({ _id: i as never, k: key, arr: [key, `other-${i}`], nested: [{ k: key }, { k: i }] })),
      { _id: 1000 as never, k: null, arr: [], nested: [{}] },
      { _id: 1001 as never, arr: [7, 'x-7'], nested: [{ k: 7 }] },
      { _id: 1002 as never, k: 'T|ACC-1|LOGIN_FAILED', arr: ['prefix-match'], nested: [{ k: 'prefix-z' }] },
      { _id: 1003 as never, k: 7.0, arr: [[keys[5]]], nested: [{ k: [keys[6]] }] },
    ]);
    const lists: unknown[][] = [
      keys.filter((_, i) => i % 3 === 0),
      [...keys.slice(0, 50), null],
      [...keys.slice(100, 150), /^prefix-/, 7],
      ['x-7', 'T|ACC-1|LOGIN_FAILED', 'absent'],
      [keys[5], keys[6]],
    ];
    const ids = async (filter: Record<string, unknown>) =>
      (await c.find(filter, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id).sort((a, b) => Number(a) - Number(b));
    for (const list of lists) {
      for (const field of ['k', 'arr', 'nested.k']) {
        const each = list.map((item) => ({ [field]: item instanceof RegExp ? { $regex: item } : item }));
        const expected = await ids({ $or: each });
        expect(await ids({ [field]: { $in: list } }), `${field} $in ${list.length} items`).toEqual(expected);
        const all = await ids({});
        expect(await ids({ [field]: { $nin: list } })).toEqual(all.filter((id) => !expected.includes(id)));
      }
    }
    // The oracle is not empty: lists match scalars, array elements and nested fields alike.
    expect(await ids({ k: { $in: lists[0] } })).toHaveLength(100);
    expect(await ids({ 'nested.k': { $in: [keys[6]] } })).toEqual([6, 1003]);
  });
});
