import { describe, expect, it } from 'vitest';
import { useRawCommands } from './helpers.js';

// Raw read and DDL commands as MongoDB 7.0 answers them (writes: conformance-writes.test.ts).
const { db, run, fail } = useRawCommands('conf');

describe('raw command reply shapes', () => {
  it('validates projection, skip and limit like MongoDB 7.0', async () => {
    await run({ insert: 'p', documents: [{ a: 1, b: 2 }] });
    expect(await fail({ find: 'p', projection: { a: 1, b: 0 } })).toMatchObject({ code: 31254 });
    expect(await fail({ find: 'p', skip: -1 })).toMatchObject({ code: 51024 });
    expect(await fail({ find: 'p', limit: -1 })).toMatchObject({ code: 51024 });
    const excluded = await run({ find: 'p', projection: { _id: 0, b: 0 } });
    expect(excluded.cursor.firstBatch).toEqual([{ a: 1 }]);
    const single = await db().collection('p').find({}, { limit: -1 }).toArray();
    expect(single).toHaveLength(1);
  });

  it('keeps stored field order in projections, _id first, and seeds upserts from a one-element $in', async () => {
    await run({ insert: 'o', documents: [{ _id: 1, a: 1, b: 2, c: 3 }] });
    const found = await run({ find: 'o', projection: { c: 1, a: 1 } });
    expect(Object.keys(found.cursor.firstBatch[0])).toEqual(['_id', 'a', 'c']);
    const projected = await db()
      .collection('o')
      .aggregate([{ $project: { c: 1, a: 1 } }])
      .toArray();
    expect(Object.keys(projected[0] ?? {})).toEqual(['_id', 'a', 'c']);
    const bucket = await db()
      .collection('o')
      .aggregate([{ $bucket: { groupBy: '$a', boundaries: [0, 5] } }])
      .toArray();
    expect(Object.keys(bucket[0] ?? {})).toEqual(['_id', 'count']);
    await db()
      .collection('o')
      .updateOne({ k: { $in: ['only'] } }, { $set: { z: 1 } }, { upsert: true });
    expect(
      await db()
        .collection('o')
        .findOne({ z: 1 }, { projection: { _id: 0 } }),
    ).toEqual({ k: 'only', z: 1 });
  });

  it('matches null on dotted paths through arrays, and runs window functions', async () => {
    const c = db().collection('nulls');
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
    const c = db().collection('h');
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

  it('never lets a projection or pipeline edit stored documents, and projects like MongoDB 4.4+', async () => {
    const c = db().collection('proj');
    await c.insertOne({ _id: 1 as never, a: { x: 1, y: 2 }, arr: [1, 2, 3, 4], s: 'open' });
    await db()
      .collection('other')
      .insertOne({ _id: 1 as never, ref: 1, tag: 't' });
    expect(await c.findOne({}, { projection: { 'a.y': 0 } })).toEqual({ _id: 1, a: { x: 1 }, arr: [1, 2, 3, 4], s: 'open' });
    await db()
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
    const c = db().collection('types');
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
