import { Long, ObjectId, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';
import type { EmbeddedMongo } from '../src/index.js';

let db: Db;
let server: EmbeddedMongo;
useFreshDatabase('crud', (opened) => ({ db, server } = opened));

describe('driver CRUD over TCP', () => {
  it('answers hello as a 7.0 replica-set primary', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBe('vigil-rs');
    expect(hello.hosts).toEqual([`127.0.0.1:${server.port}`]);
    expect(hello.maxWireVersion).toBe(21);
    expect(hello.logicalSessionTimeoutMinutes).toBe(30);
    const build = await db.admin().command({ buildInfo: 1 });
    expect(build.version).toBe('7.0.0');
  });

  it('inserts with generated ObjectId placed first and finds with sort/projection/skip/limit', async () => {
    const users = db.collection('users');
    const result = await users.insertMany([
      { name: 'c', n: 3 },
      { name: 'a', n: 1 },
      { name: 'b', n: 2 },
    ]);
    expect(result.insertedCount).toBe(3);
    const raw = await users.findOne({ name: 'a' });
    expect(raw?._id).toBeInstanceOf(ObjectId);
    expect(Object.keys(raw ?? {})[0]).toBe('_id');
    const docs = await users
      .find({ n: { $gte: 1 } }, { projection: { _id: 0, name: 1 } })
      .sort({ n: -1 })
      .skip(1)
      .limit(1)
      .toArray();
    expect(docs).toEqual([{ name: 'b' }]);
  });

  it('iterates a cursor across getMore batches with int64 ids', async () => {
    const items = db.collection('items');
    await items.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const doc of items.find({}).sort({ i: 1 }).batchSize(40)) seen.push(doc.i as number);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('updates with upsert, $setOnInsert and reply shapes', async () => {
    const c = db.collection('u');
    const first = await c.updateOne(
      { email: 'a@x.io' },
      { $set: { name: 'A' }, $setOnInsert: { createdBy: 'seed' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    expect(first.matchedCount).toBe(0);
    const again = await c.updateOne(
      { email: 'a@x.io' },
      { $set: { name: 'B' }, $setOnInsert: { createdBy: 'other' } },
      { upsert: true },
    );
    expect(again.matchedCount).toBe(1);
    expect(again.modifiedCount).toBe(1);
    expect(again.upsertedCount).toBe(0);
    const doc = await c.findOne({ email: 'a@x.io' }, { projection: { _id: 0 } });
    expect(doc).toEqual({ email: 'a@x.io', name: 'B', createdBy: 'seed' });
    const noop = await c.updateOne({ email: 'a@x.io' }, { $set: { name: 'B' } });
    expect(noop.modifiedCount).toBe(0);
    const many = await c.updateMany({}, { $inc: { visits: 2 } });
    expect(many.modifiedCount).toBe(1);
  });

  it('rejects _id changes with code 66', async () => {
    const c = db.collection('imm');
    await c.insertOne({ _id: 1 as unknown as ObjectId, a: 1 });
    await expect(c.updateOne({ _id: 1 as unknown as ObjectId }, { $set: { _id: 2 } })).rejects.toMatchObject({ code: 66 });
  });

  it('findOneAndUpdate returns before/after and upserts', async () => {
    const c = db.collection('fam');
    await c.insertOne({ k: 1, v: 1 });
    const before = await c.findOneAndUpdate({ k: 1 }, { $inc: { v: 1 } }, { returnDocument: 'before' });
    expect(before?.v).toBe(1);
    const after = await c.findOneAndUpdate({ k: 1 }, { $inc: { v: 1 } }, { returnDocument: 'after' });
    expect(after?.v).toBe(3);
    const upserted = await c.findOneAndUpdate(
      { k: 2 },
      { $set: { v: 9 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(upserted.value).toMatchObject({ k: 2, v: 9 });
    const removed = await c.findOneAndDelete({ k: 1 });
    expect(removed?.v).toBe(3);
  });

  it('deletes one and many', async () => {
    const c = db.collection('del');
    await c.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }]);
    expect((await c.deleteOne({ a: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({})).deletedCount).toBe(2);
  });

  it('answers duplicate keys with 11000, keyPattern and keyValue', async () => {
    const c = db.collection('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.io' });
    const error = await c.insertOne({ email: 'a@x.io' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.io' } });
    expect(String((error as Error).message)).toContain('E11000 duplicate key error collection: crud.uniq index: email_1 dup key');
  });

  it('keeps ordered inserts stopping at the first error and unordered ones going', async () => {
    const c = db.collection('ord');
    await c.insertOne({ _id: 2 as unknown as ObjectId });
    const ordered = await c
      .insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[], { ordered: true })
      .catch((e: unknown) => e);
    expect(ordered).toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(2);
    const unordered = await c
      .insertMany([{ _id: 4 }, { _id: 2 }, { _id: 5 }] as never[], { ordered: false })
      .catch((e: unknown) => e);
    expect((unordered as { writeErrors: Array<{ index: number }> }).writeErrors.map((w) => w.index)).toEqual([1]);
    expect(await c.countDocuments()).toBe(4);
  });

  it('counts, distinct over arrays, aggregate with cursor', async () => {
    const c = db.collection('agg');
    await c.insertMany([
      { t: ['a', 'b'], n: 1 },
      { t: ['b'], n: 2 },
      { t: 'c', n: Long.fromNumber(3) },
    ]);
    expect(await c.countDocuments({ n: { $gt: 1 } })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(3);
    expect(await c.distinct('t')).toEqual(['a', 'b', 'c']);
    const grouped = await c
      .aggregate([{ $unwind: '$t' }, { $group: { _id: '$t', total: { $sum: '$n' } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'a', total: 1 },
      { _id: 'b', total: 3 },
      { _id: 'c', total: 3 },
    ]);
  });

  it('lists collections and indexes, drops them', async () => {
    const c = db.collection('meta');
    await c.insertOne({ a: 1 });
    await c.createIndex({ a: 1, b: -1 });
    const names = (await db.listCollections().toArray()).map((x) => x.name);
    expect(names).toContain('meta');
    const indexes = await c.listIndexes().toArray();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'a_1_b_-1']);
    await c.dropIndex('a_1_b_-1');
    expect((await c.listIndexes().toArray()).length).toBe(1);
    expect(await c.drop()).toBe(true);
    expect(await db.collection('missing').drop()).toBe(true);
  });

  it('answers unknown commands with CommandNotFound', async () => {
    await expect(db.command({ frobnicate: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });
});
