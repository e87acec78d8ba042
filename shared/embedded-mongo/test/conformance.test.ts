import type { Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('conf', (opened) => ({ db } = opened));

const run = (command: Document) => db.command(command);
const fail = (command: Document) =>
  db.command(command).then(
    () => {
      throw new Error(`expected ${JSON.stringify(command)} to fail`);
    },
    (error: { code?: number; codeName?: string; message: string }) => error,
  );

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
    expect(await db.collection('c').findOne({ _id: 3 as never })).toEqual({ _id: 3, kind: 'x', b: 2 });
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
    const c = db.collection('arr');
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
    const c = db.collection('shape');
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
    const c = db.collection('ids');
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

  it('validates projection, skip and limit like MongoDB 7.0', async () => {
    await run({ insert: 'p', documents: [{ a: 1, b: 2 }] });
    expect(await fail({ find: 'p', projection: { a: 1, b: 0 } })).toMatchObject({ code: 31254 });
    expect(await fail({ find: 'p', skip: -1 })).toMatchObject({ code: 51024 });
    expect(await fail({ find: 'p', limit: -1 })).toMatchObject({ code: 51024 });
    const excluded = await run({ find: 'p', projection: { _id: 0, b: 0 } });
    expect(excluded.cursor.firstBatch).toEqual([{ a: 1 }]);
    const single = await db.collection('p').find({}, { limit: -1 }).toArray();
    expect(single).toHaveLength(1);
  });

  it('keeps stored field order in projections, _id first, and seeds upserts from a one-element $in', async () => {
    await run({ insert: 'o', documents: [{ _id: 1, a: 1, b: 2, c: 3 }] });
    const found = await run({ find: 'o', projection: { c: 1, a: 1 } });
    expect(Object.keys(found.cursor.firstBatch[0])).toEqual(['_id', 'a', 'c']);
    const projected = await db
      .collection('o')
      .aggregate([{ $project: { c: 1, a: 1 } }])
      .toArray();
    expect(Object.keys(projected[0] ?? {})).toEqual(['_id', 'a', 'c']);
    const bucket = await db
      .collection('o')
      .aggregate([{ $bucket: { groupBy: '$a', boundaries: [0, 5] } }])
      .toArray();
    expect(Object.keys(bucket[0] ?? {})).toEqual(['_id', 'count']);
    await db.collection('o').updateOne({ k: { $in: ['only'] } }, { $set: { z: 1 } }, { upsert: true });
    expect(await db.collection('o').findOne({ z: 1 }, { projection: { _id: 0 } })).toEqual({ k: 'only', z: 1 });
  });

  it('matches null on dotted paths through arrays, and runs window functions', async () => {
    const c = db.collection('nulls');
    await c.insertMany([{ k: 1, arr: [{ x: 1 }, { x: 2, y: 'b' }] }, { k: 2, arr: [{ y: 'a' }] }, { k: 3 }]);
    expect((await c.find({ 'arr.x': null }).sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([2, 3]);
    expect((await c.find({ 'arr.y': { $ne: null } }).toArray()).map((d) => d.k)).toEqual([2]);
    expect((await c.find({ 'arr.x': { $in: [null, 7] } }).toArray()).length).toBe(2);
    const ranked = await c
      .aggregate([
        { $setWindowFields: { sortBy: { k: -1 }, output: { rank: { $documentNumber: {} } } } },
        { $project: { _id: 0, k: 1, rank: 1 } },
      ])
      .toArray();
    expect(ranked).toEqual([
      { k: 3, rank: 1 },
      { k: 2, rank: 2 },
      { k: 1, rank: 3 },
    ]);
    expect(
      await fail({
        aggregate: 'nulls',
        pipeline: [{ $project: { v: { $function: { body: 'return 1', args: [], lang: 'js' } } } }],
        cursor: {},
      }),
    ).toMatchObject({ code: 2 });
  });

  it('accepts hints naming existing indexes, evaluates let variables, and opens cursors with batchSize 0', async () => {
    const c = db.collection('h');
    await c.createIndex({ a: 1 });
    await c.insertMany([
      { a: 1, b: 1 },
      { a: 2, b: 2 },
      { a: 3, b: 3 },
    ]);
    expect((await c.updateOne({ a: 1 }, { $set: { c: 1 } }, { hint: 'a_1' })).modifiedCount).toBe(1);
    expect((await c.deleteOne({ a: 3 }, { hint: { a: 1 } })).deletedCount).toBe(1);
    await expect(c.updateOne({ a: 1 }, { $set: { c: 2 } }, { hint: 'nope_1' })).rejects.toMatchObject({ code: 2 });
    expect(await fail({ find: 'h', hint: 'nope_1' })).toMatchObject({ code: 2 });
    const found = await run({ find: 'h', filter: { $expr: { $eq: ['$a', '$$target'] } }, let: { target: 2 } });
    expect(found.cursor.firstBatch).toMatchObject([{ a: 2 }]);
    const agg = await c
      .aggregate([{ $match: { $expr: { $gt: ['$a', '$$min'] } } }, { $project: { _id: 0, a: 1 } }], { let: { min: 1 } })
      .toArray();
    expect(agg).toEqual([{ a: 2 }]);
    await c.updateOne({ a: 2 }, [{ $set: { b: '$$newB' } }], { let: { newB: 20 } });
    expect((await c.findOne({ a: 2 }))?.b).toBe(20);
    const empty = await run({ find: 'h', batchSize: 0 });
    expect(empty.cursor.firstBatch).toEqual([]);
    const rest = await run({ getMore: empty.cursor.id, collection: 'h' });
    expect(rest.cursor.nextBatch).toHaveLength(2);
    expect(await fail({ find: 'h', sort: { a: 2 } })).toMatchObject({ code: 15975 });
  });

  it('refuses updates through scalars or array operators on non-arrays instead of ignoring them', async () => {
    const c = db.collection('paths');
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
    const src = db.collection('src');
    await src.insertMany([
      { _id: 1, g: 'a', n: 1 },
      { _id: 2, g: 'a', n: 2 },
      { _id: 3, g: 'b', n: 5 },
    ] as never[]);
    const target = db.collection('totals');
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

  it('never lets a projection or pipeline edit stored documents, and projects like MongoDB 4.4+', async () => {
    const c = db.collection('proj');
    await c.insertOne({ _id: 1 as never, a: { x: 1, y: 2 }, arr: [1, 2, 3, 4], s: 'open' });
    await db.collection('other').insertOne({ _id: 1 as never, ref: 1, tag: 't' });
    expect(await c.findOne({}, { projection: { 'a.y': 0 } })).toEqual({ _id: 1, a: { x: 1 }, arr: [1, 2, 3, 4], s: 'open' });
    await db
      .collection('other')
      .aggregate([
        { $lookup: { from: 'proj', localField: 'ref', foreignField: '_id', as: 'p' } },
        { $unwind: '$p' },
        { $set: { 'p.s': 'changed' } },
      ])
      .toArray();
    expect(await c.findOne({})).toEqual({ _id: 1, a: { x: 1, y: 2 }, arr: [1, 2, 3, 4], s: 'open' });
    expect(await c.findOne({}, { projection: { arr: { $slice: -1 } } })).toEqual({
      _id: 1,
      a: { x: 1, y: 2 },
      arr: [4],
      s: 'open',
    });
    expect(await c.findOne({}, { projection: { _id: 1, s: 0 } })).toEqual({ _id: 1, a: { x: 1, y: 2 }, arr: [1, 2, 3, 4] });
    const after = await c.findOneAndUpdate(
      { s: 'open' },
      { $set: { s: 'closed' } },
      { projection: { s: 1 }, returnDocument: 'after' },
    );
    expect(after).toEqual({ _id: 1, s: 'closed' });
  });

  it('matches $type by alias and code, on array elements too', async () => {
    const c = db.collection('types');
    await c.insertMany([
      { _id: 1, t: 'str' },
      { _id: 2, t: 1.5 },
      { _id: 3, t: null },
      { _id: 4, t: [1, 'x'] },
      { _id: 5, t: 7 },
      { _id: 6 },
    ] as never[]);
    const ids = async (filter: Document) => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ t: { $type: 'string' } })).toEqual([1, 4]);
    expect(await ids({ t: { $type: 2 } })).toEqual([1, 4]);
    expect(await ids({ t: { $type: 'number' } })).toEqual([2, 4, 5]);
    expect(await ids({ t: { $type: ['null', 'double'] } })).toEqual([2, 3]);
    expect(await ids({ t: { $type: 'array' } })).toEqual([4]);
    expect(await fail({ find: 'types', filter: { t: { $type: 99 } } })).toMatchObject({ code: 2 });
    // An integer beyond int32 may have been stored as a double or as a Long: asking for one of the two is refused
    // rather than guessed; asking for both (or "number") answers.
    await c.insertOne({ _id: 10, t: 4_000_000_000 } as never);
    expect(await fail({ find: 'types', filter: { t: { $type: 'long' } } })).toMatchObject({ code: 2 });
    expect(await fail({ find: 'types', filter: { t: { $type: 'double' } } })).toMatchObject({ code: 2 });
    expect(await ids({ t: { $type: ['double', 'long'] } })).toEqual([2, 10]);
    expect(await ids({ t: { $type: 'number' } })).toEqual([2, 4, 5, 10]);
    await c.deleteOne({ _id: 10 });
    // $elemMatch tests each element as one value: the nested array [1, 2] is not in (1, 3).
    await c.insertMany([
      { _id: 7, a: [1, 2, 3] },
      { _id: 8, a: [[1, 2], 3] },
      {
        _id: 9,
        a: [
          { k: 1, v: 'x' },
          { k: 2, v: 'y' },
        ],
      },
    ] as never[]);
    expect(await ids({ a: { $elemMatch: { $gt: 1, $lt: 3 } } })).toEqual([7]);
    expect(await ids({ a: { $elemMatch: { $eq: [1, 2] } } })).toEqual([8]);
    expect(await ids({ a: { $elemMatch: { k: 2, v: 'y' } } })).toEqual([9]);
    expect(await ids({ a: { $elemMatch: { k: 2, v: 'x' } } })).toEqual([]);
  });

  it('count with query, skip and limit', async () => {
    await run({ insert: 'n', documents: Array.from({ length: 10 }, (_, i) => ({ i })) });
    expect((await run({ count: 'n', query: { i: { $gte: 3 } } })).n).toBe(7);
    expect((await run({ count: 'n', query: { i: { $gte: 3 } }, skip: 5 })).n).toBe(2);
    expect((await run({ count: 'n', skip: 2, limit: 3 })).n).toBe(3);
    expect((await run({ count: 'missing' })).n).toBe(0);
  });

  it('create, drop and index errors carry MongoDB codes', async () => {
    await run({ create: 'x' });
    expect(await fail({ create: 'x' })).toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    expect(await run({ drop: 'never-existed' })).toMatchObject({ ok: 1 });
    expect(await fail({ listIndexes: 'never-existed' })).toMatchObject({ code: 26 });
    expect(await fail({ dropIndexes: 'x', index: 'nope_1' })).toMatchObject({ code: 27 });
    expect(await fail({ dropIndexes: 'x', index: '_id_' })).toMatchObject({ code: 72 });
    await run({ createIndexes: 'x', indexes: [{ key: { a: 1, b: 1 }, name: 'ab', unique: true }] });
    expect(await fail({ createIndexes: 'x', indexes: [{ key: { a: 1 }, name: 'ab' }] })).toMatchObject({ code: 86 });
    expect(await fail({ createIndexes: 'x', indexes: [{ key: { t: 'text' } }] })).toMatchObject({ code: 67 });
    await run({
      insert: 'x',
      documents: [
        { a: 1, b: 1 },
        { a: 1, b: 2 },
      ],
    });
    const dup = await run({ insert: 'x', documents: [{ a: 1, b: 2 }] });
    expect(dup.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyPattern: { a: 1, b: 1 }, keyValue: { a: 1, b: 2 } });
  });

  it('answers unsupported operators and stages with BadValue naming them', async () => {
    await run({ insert: 'u', documents: [{ a: 1 }] });
    expect((await fail({ find: 'u', filter: { a: { $frob: 1 } } })).message).toContain('$frob');
    expect(await fail({ find: 'u', filter: { $text: { $search: 'x' } } })).toMatchObject({ code: 2 });
    const stage = await fail({ aggregate: 'u', pipeline: [{ $geoNear: { near: [0, 0] } }], cursor: {} });
    expect(stage).toMatchObject({ code: 2 });
    expect(stage.message).toContain('$geoNear');
    expect(await fail({ aggregate: 'u', pipeline: [{ $facet: { x: [{ $out: 'v' }] } }], cursor: {} })).toMatchObject({
      code: 51047,
    });
    // MongoDB answers an unknown stage name with 40324 (it was 2 here before).
    expect(await fail({ aggregate: 'u', pipeline: [{ $frob: {} }], cursor: {} })).toMatchObject({ code: 40324 });
    expect(await fail({ find: 'u', collation: { locale: 'fr' } })).toMatchObject({ code: 2 });
  });

  it('getMore and killCursors use int64 ids', async () => {
    await run({ insert: 'g', documents: Array.from({ length: 5 }, (_, i) => ({ i })) });
    const first = await run({ find: 'g', batchSize: 2 });
    expect(first.cursor.id._bsontype ?? typeof first.cursor.id).toBeDefined();
    const more = await run({ getMore: first.cursor.id, collection: 'g', batchSize: 2 });
    expect(more.cursor.nextBatch).toHaveLength(2);
    const killed = await run({ killCursors: 'g', cursors: [first.cursor.id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    expect(await fail({ getMore: first.cursor.id, collection: 'g' })).toMatchObject({ code: 43 });
  });
});
