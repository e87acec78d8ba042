import { describe, expect, it } from 'vitest';
import { useRawCommands } from './helpers.js';

// Raw write commands as MongoDB 7.0 answers them: update, findAndModify, $out/$merge (reads: conformance.test.ts).
const { db, run, fail } = useRawCommands('conf');

describe('raw command reply shapes', () => {
  it('update replies with n, nModified and upserted', async () => {
    await run({
      insert: 'c',
      documents: [
        { _id: 1, a: 1 },
        { _id: 2, a: 1 },
      ],
    });
    const reply = await run({
      update: 'c',
      updates: [
        { q: { a: 1 }, u: { $set: { b: 1 } }, multi: true },
        { q: { _id: 3, kind: 'x' }, u: { $set: { b: 2 } }, upsert: true },
        { q: { _id: 1 }, u: { $set: { b: 1 } } },
      ],
    });
    expect(reply).toMatchObject({ n: 4, nModified: 2, upserted: [{ index: 1, _id: 3 }], ok: 1 });
    expect(
      await db()
        .collection('c')
        .findOne({ _id: 3 as never }),
    ).toEqual({ _id: 3, kind: 'x', b: 2 });
  });

  it('update writeErrors carry the statement index and stop when ordered', async () => {
    await run({ insert: 'c', documents: [{ _id: 1, a: 1 }] });
    const reply = await run({
      update: 'c',
      updates: [
        { q: { _id: 1 }, u: { $set: { _id: 5 } } },
        { q: { _id: 1 }, u: { $set: { z: 1 } } },
      ],
    });
    expect(reply.n).toBe(0);
    expect(reply.writeErrors).toMatchObject([{ index: 0, code: 66 }]);
    const unordered = await run({
      update: 'c',
      ordered: false,
      updates: [
        { q: { _id: 1 }, u: { $bogus: { a: 1 } } },
        { q: { _id: 1 }, u: { $set: { z: 1 } } },
      ],
    });
    expect(unordered).toMatchObject({ n: 1, nModified: 1, writeErrors: [{ index: 0, code: 9 }] });
  });

  it('refuses an update whose resulting document passes 16 MB, and leaves the document as it was', async () => {
    const chunk = 'x'.repeat(6 * 1024 * 1024);
    await run({ insert: 'c', documents: [{ _id: 1, list: [chunk] }] });
    const grown = await run({ update: 'c', updates: [{ q: { _id: 1 }, u: { $push: { list: chunk } } }] });
    expect(grown).toMatchObject({ n: 1, nModified: 1 });
    const tooLarge = await run({
      update: 'c',
      updates: [
        { q: { _id: 1 }, u: { $push: { list: chunk } } },
        { q: { _id: 1 }, u: { $set: { after: 1 } } },
      ],
    });
    expect(tooLarge).toMatchObject({ n: 0, nModified: 0, writeErrors: [{ index: 0, code: 17419 }] });
    expect(await fail({ findAndModify: 'c', query: { _id: 1 }, update: { $push: { list: chunk } } })).toMatchObject({
      code: 17419,
    });
    const stored = await db().collection<{ _id: number; list: string[]; after?: number }>('c').findOne({ _id: 1 });
    expect(stored?.list).toHaveLength(2);
    expect(stored?.after).toBeUndefined();
  });

  it('findAndModify reports lastErrorObject and value', async () => {
    const upsert = await run({
      findAndModify: 'c',
      query: { k: 1 },
      update: { $inc: { n: 1 } },
      upsert: true,
      new: true,
      fields: { _id: 0 },
    });
    expect(upsert.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(upsert.lastErrorObject.upserted).toBeDefined();
    expect(upsert.value).toEqual({ k: 1, n: 1 });
    const updated = await run({ findAndModify: 'c', query: { k: 1 }, update: { $inc: { n: 1 } } });
    expect(updated.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
    expect(updated.value).toMatchObject({ k: 1, n: 1 });
    const none = await run({ findAndModify: 'c', query: { k: 99 }, update: { $inc: { n: 1 } } });
    expect(none).toMatchObject({ lastErrorObject: { n: 0, updatedExisting: false }, value: null });
    const removed = await run({ findAndModify: 'c', query: { k: 1 }, remove: true });
    expect(removed).toMatchObject({ lastErrorObject: { n: 1 }, value: { k: 1, n: 2 } });
    expect(await fail({ findAndModify: 'c', query: {}, remove: true, update: { $set: { a: 1 } } })).toMatchObject({ code: 9 });
  });

  it('positional $, $[] and $[<id>] with arrayFilters', async () => {
    const c = db().collection('arr');
    await c.insertOne({
      _id: 1 as never,
      grades: [80, 95, 70],
      items: [
        { k: 'a', q: 1 },
        { k: 'b', q: 5 },
      ],
    });
    await c.updateOne({ _id: 1 as never, grades: 95 }, { $set: { 'grades.$': 96 } });
    await c.updateOne({ _id: 1 as never }, { $inc: { 'items.$[].q': 1 } });
    await c.updateOne({ _id: 1 as never }, { $set: { 'items.$[big].flag': true } }, { arrayFilters: [{ 'big.q': { $gte: 5 } }] });
    expect(await c.findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      grades: [80, 96, 70],
      items: [
        { k: 'a', q: 2 },
        { k: 'b', q: 6, flag: true },
      ],
    });
  });

  it('$set creates missing paths; replacement keeps _id; pipeline updates work', async () => {
    const c = db().collection('shape');
    await c.insertOne({ _id: 1 as never, a: 1 });
    await c.updateOne({ _id: 1 as never }, { $set: { 'x.y.z': 1 } });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: 1, x: { y: { z: 1 } } });
    await c.replaceOne({ _id: 1 as never }, { b: 2 });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, b: 2 });
    await c.updateOne({ _id: 1 as never }, [{ $set: { c: { $add: ['$b', 1] } } }]);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, b: 2, c: 3 });
    await c.updateOne({ email: 'q@x.io', n: { $gt: 1 } }, { $set: { seen: true } }, { upsert: true });
    expect(await c.findOne({ email: 'q@x.io' }, { projection: { _id: 0 } })).toEqual({ email: 'q@x.io', seen: true });
  });

  it('accepts $set of an unchanged _id and refuses a changed one', async () => {
    const c = db().collection('ids');
    await c.insertOne({ _id: 7 as never, a: 1 });
    expect((await c.updateOne({ _id: 7 as never }, { $set: { _id: 7, a: 2 } })).modifiedCount).toBe(1);
    await expect(c.updateOne({ _id: 7 as never }, { $set: { _id: 8 } })).rejects.toMatchObject({ code: 66 });
    await c.updateOne({ _id: 9 as never }, { $set: { _id: 9, a: 3 } }, { upsert: true });
    await expect(c.replaceOne({ _id: 10 as never }, { _id: 11, a: 4 } as never, { upsert: true })).rejects.toMatchObject({
      code: 66,
    });
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 7, a: 2 },
      { _id: 9, a: 3 },
    ]);
  });

  it('refuses updates through scalars or array operators on non-arrays instead of ignoring them', async () => {
    const c = db().collection('paths');
    await c.insertOne({ _id: 1 as never, s: 'str', arr: [1, 2], a: [{ b: [1, 2, 3] }, { b: [4, 5] }] });
    await expect(c.updateOne({ _id: 1 as never }, { $push: { s: 1 } })).rejects.toMatchObject({ code: 2 });
    await expect(c.updateOne({ _id: 1 as never }, { $pop: { s: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(c.updateOne({ _id: 1 as never }, { $set: { 's.x': 1 } })).rejects.toMatchObject({ code: 28 });
    await expect(c.updateOne({ _id: 1 as never }, { $set: { 'arr.x': 1 } })).rejects.toMatchObject({ code: 28 });
    await expect(c.updateOne({ _id: 1 as never }, { $rename: { s: 's' } })).rejects.toMatchObject({ code: 2 });
    await c.updateOne(
      { _id: 1 as never },
      { $set: { 'arr.3': 9 }, $inc: { 'a.$[i].b.$[j]': 10 } },
      { arrayFilters: [{ 'i.b': { $size: 2 } }, { j: { $gte: 5 } }] },
    );
    expect(await c.findOne({ _id: 1 as never }, { projection: { _id: 0, arr: 1, a: 1 } })).toEqual({
      arr: [1, 2, null, 9],
      a: [{ b: [1, 2, 3] }, { b: [4, 15] }],
    });
  });

  it('writes aggregation results with $out (all or nothing) and $merge', async () => {
    const src = db().collection('src');
    await src.insertMany([
      { _id: 1, g: 'a', n: 1 },
      { _id: 2, g: 'a', n: 2 },
      { _id: 3, g: 'b', n: 5 },
    ] as never[]);
    const target = db().collection('totals');
    await target.insertOne({ _id: 'stale' as never });
    await target.createIndex({ total: 1 }, { unique: true });
    expect(await src.aggregate([{ $group: { _id: '$g', total: { $sum: '$n' } } }, { $out: 'totals' }]).toArray()).toEqual([]);
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', total: 3 },
      { _id: 'b', total: 5 },
    ]);
    // Two groups with the same total break the target's unique index: nothing changes.
    await src.insertOne({ _id: 4, g: 'c', n: 3 } as never);
    await expect(
      src.aggregate([{ $group: { _id: '$g', total: { $sum: '$n' } } }, { $out: 'totals' }]).toArray(),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await target.countDocuments()).toBe(2);
    await src
      .aggregate([{ $match: { g: 'c' } }, { $project: { _id: '$g', extra: '$n' } }, { $merge: { into: 'totals' } }])
      .toArray();
    await src
      .aggregate([
        { $match: { _id: 3 } },
        { $project: { _id: '$g', extra: { $literal: true } } },
        { $merge: { into: 'totals', whenMatched: 'merge' } },
      ])
      .toArray();
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', total: 3 },
      { _id: 'b', total: 5, extra: true },
      { _id: 'c', extra: 3 },
    ]);
  });
});
