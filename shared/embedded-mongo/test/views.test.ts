import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { startWithClient, useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('views', (opened) => ({ db } = opened));
beforeEach(async () => {
  await db.collection('students').insertMany([
    { _id: 1, sID: 22001, name: 'Alex', year: 1, score: 4.0 },
    { _id: 2, sID: 21001, name: 'bernie', year: 2, score: 3.7 },
    { _id: 3, sID: 20010, name: 'Chris', year: 3, score: 2.5 },
    { _id: 4, sID: 22021, name: 'Drew', year: 1, score: 3.2 },
    { _id: 5, sID: 17301, name: 'harley', year: 6, score: 3.1 },
  ] as never[]);
});

describe('views (create with viewOn and pipeline)', () => {
  it('reads through the view pipeline with find, count, distinct and aggregate (MongoDB docs example)', async () => {
    await db.createCollection('firstYears', { viewOn: 'students', pipeline: [{ $match: { year: 1 } }] });
    const view = db.collection('firstYears');
    expect(
      await view
        .find({}, { projection: { _id: 0, name: 1 } })
        .sort({ name: 1 })
        .toArray(),
    ).toEqual([{ name: 'Alex' }, { name: 'Drew' }]);
    expect(await view.find({ score: { $gt: 3.5 } }).toArray()).toEqual([{ _id: 1, sID: 22001, name: 'Alex', year: 1, score: 4 }]);
    expect(await view.countDocuments()).toBe(2);
    expect(await view.estimatedDocumentCount()).toBe(2);
    expect(await view.distinct('name')).toEqual(['Alex', 'Drew']);
    expect(await view.aggregate([{ $group: { _id: null, avg: { $avg: '$score' } } }]).toArray()).toEqual([
      { _id: null, avg: 3.6 },
    ]);
    // The view follows its source.
    await db.collection('students').insertOne({ _id: 6 as never, name: 'Eve', year: 1, score: 1 });
    expect(await view.countDocuments()).toBe(3);
  });

  it('supports views on views and $lookup from a view; find batches come back on the view namespace', async () => {
    await db.createCollection('firstYears', { viewOn: 'students', pipeline: [{ $match: { year: 1 } }] });
    await db.createCollection('firstYearNames', { viewOn: 'firstYears', pipeline: [{ $project: { _id: 0, name: 1 } }] });
    expect(await db.collection('firstYearNames').find().sort({ name: -1 }).batchSize(1).toArray()).toEqual([
      { name: 'Drew' },
      { name: 'Alex' },
    ]);
    const joined = await db
      .collection('students')
      .aggregate([
        { $match: { _id: 1 } },
        { $lookup: { from: 'firstYears', localField: 'year', foreignField: 'year', as: 'peers' } },
        { $project: { n: { $size: '$peers' } } },
      ])
      .toArray();
    expect(joined).toEqual([{ _id: 1, n: 2 }]);
  });

  it('lists views with their definition and refuses writes and index commands with 166', async () => {
    await db.createCollection('firstYears', { viewOn: 'students', pipeline: [{ $match: { year: 1 } }] });
    const listed = await db.listCollections({ name: 'firstYears' }).toArray();
    expect(listed).toEqual([
      {
        name: 'firstYears',
        type: 'view',
        options: { viewOn: 'students', pipeline: [{ $match: { year: 1 } }] },
        info: { readOnly: true },
      },
    ]);
    const view = db.collection('firstYears');
    const notOnView = { code: 166, codeName: 'CommandNotSupportedOnView' };
    await expect(view.insertOne({ year: 1 })).rejects.toMatchObject(notOnView);
    await expect(view.updateOne({}, { $set: { x: 1 } })).rejects.toMatchObject(notOnView);
    await expect(view.deleteMany({})).rejects.toMatchObject(notOnView);
    await expect(view.findOneAndUpdate({}, { $set: { x: 1 } })).rejects.toMatchObject(notOnView);
    await expect(view.createIndex({ year: 1 })).rejects.toMatchObject(notOnView);
    await expect(view.listIndexes().toArray()).rejects.toMatchObject(notOnView);
    await expect(
      db
        .collection('students')
        .aggregate([{ $out: 'firstYears' }])
        .toArray(),
    ).rejects.toMatchObject(notOnView);
    expect(await db.collection('students').countDocuments()).toBe(5);
    await view.drop();
    expect(await db.listCollections({ name: 'firstYears' }).toArray()).toEqual([]);
  });

  it('refuses cycles (140), a pipeline without viewOn (72), $out in a definition and an existing name (48)', async () => {
    await db.createCollection('a', { viewOn: 'b' });
    await expect(db.createCollection('b', { viewOn: 'a' })).rejects.toMatchObject({ code: 140 });
    expect((await db.listCollections({ name: 'b' }).toArray()).length).toBe(0);
    await expect(db.command({ create: 'p', pipeline: [] })).rejects.toMatchObject({ code: 72 });
    await expect(db.command({ create: 'o', viewOn: 'students', pipeline: [{ $out: 'x' }] })).rejects.toMatchObject({ code: 167 });
    await expect(db.command({ create: 'students', viewOn: 'a' })).rejects.toMatchObject({ code: 48 });
    await expect(db.command({ create: 'u', viewOn: 'students', pipeline: [{ $nope: 1 }] })).rejects.toMatchObject({
      code: 40324,
    });
  });
});

describe('view definitions are durable', () => {
  it('survive a restart of a server with a data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-views-'));
    try {
      let durable = await startWithClient({ dataDir });
      await durable.client
        .db('d')
        .collection('base')
        .insertMany([{ k: 1 }, { k: 2 }]);
      await durable.client.db('d').createCollection('ones', { viewOn: 'base', pipeline: [{ $match: { k: 1 } }] });
      await durable.close();
      durable = await startWithClient({ dataDir });
      expect(
        await durable.client
          .db('d')
          .collection('ones')
          .find({}, { projection: { _id: 0 } })
          .toArray(),
      ).toEqual([{ k: 1 }]);
      await durable.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
