import { MongoServerError, Timestamp, type Db, type MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { failedCommand, useFreshDatabase } from './helpers.js';

let db: Db;
let client: MongoClient;
useFreshDatabase('concerns', (opened) => ({ db, client } = opened));

const fail = (command: Record<string, unknown>) => failedCommand<MongoServerError>(db, command);

describe('writeConcern on a single-node replica set', () => {
  it('w: 10 applies the write and answers writeConcernError 100 UnsatisfiableWriteConcern', async () => {
    // The driver raises the reply's writeConcernError as MongoWriteConcernError.
    const error = await fail({ insert: 'c', documents: [{ _id: 1 }], writeConcern: { w: 10 } });
    expect(error).toMatchObject({ name: 'MongoWriteConcernError', code: 100, message: 'Not enough data-bearing nodes' });
    expect(error.errorResponse).toMatchObject({
      n: 1,
      ok: 1,
      writeConcernError: { code: 100, codeName: 'UnsatisfiableWriteConcern' },
    });
    expect(await db.collection('c').countDocuments()).toBe(1);
    await expect(db.collection('c').insertOne({ _id: 2 as never }, { writeConcern: { w: 10 } })).rejects.toMatchObject({
      code: 100,
    });
  });

  it('a commitTransaction with w: 10 commits and reports UnsatisfiableWriteConcern', async () => {
    const session = client.startSession();
    session.startTransaction({ writeConcern: { w: 10 } });
    await db.collection('t').insertOne({ _id: 1 as never }, { session });
    await expect(session.commitTransaction()).rejects.toMatchObject({ code: 100, codeName: 'UnsatisfiableWriteConcern' });
    await session.endSession();
    expect(await db.collection('t').countDocuments()).toBe(1);
  });

  it('accepts w: 1, w: "majority", j: true; refuses malformed w and unknown tag modes', async () => {
    const c = db.collection('c');
    await c.insertOne({ a: 1 }, { writeConcern: { w: 'majority', j: true } });
    await c.insertOne({ a: 2 }, { writeConcern: { w: 1 } });
    expect(await c.countDocuments()).toBe(2);
    expect(await fail({ insert: 'c', documents: [{ a: 3 }], writeConcern: { w: -1 } })).toMatchObject({ code: 9 });
    expect(await c.countDocuments()).toBe(2);
    const tagged = await fail({ insert: 'c', documents: [{ a: 4 }], writeConcern: { w: 'dc-east' } });
    expect(tagged).toMatchObject({ code: 79, codeName: 'UnknownReplWriteConcern' });
  });
});

describe('readConcern', () => {
  it('accepts local, majority, linearizable and available; refuses an unknown level', async () => {
    await db.collection('c').insertOne({ a: 1 });
    for (const level of ['local', 'majority', 'linearizable', 'available']) {
      const reply = await db.command({ find: 'c', readConcern: { level } });
      expect(reply.cursor.firstBatch).toHaveLength(1);
    }
    expect(await fail({ find: 'c', readConcern: { level: 'eventual' } })).toMatchObject({ code: 2 });
    expect(
      await fail({ find: 'c', readConcern: { level: 'local', atClusterTime: new Timestamp({ t: 1, i: 1 }) } }),
    ).toMatchObject({
      code: 72,
    });
  });

  it('snapshot sessions read one point in time across find, aggregate and distinct', async () => {
    const c = db.collection('s');
    await c.insertMany([
      { _id: 1, status: 'open' },
      { _id: 2, status: 'open' },
    ] as never[]);
    const session = client.startSession({ snapshot: true });
    expect(await c.find({}, { session }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, status: 'open' },
      { _id: 2, status: 'open' },
    ]);
    // Changes after the session's first read are invisible to its later reads.
    await c.updateOne({ _id: 1 as never }, { $set: { status: 'closed' } });
    await c.deleteOne({ _id: 2 as never });
    await c.insertOne({ _id: 3 as never, status: 'new' });
    expect(await c.find({}, { session }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, status: 'open' },
      { _id: 2, status: 'open' },
    ]);
    expect(await c.distinct('status', {}, { session })).toEqual(['open']);
    expect(await c.aggregate([{ $group: { _id: '$status', n: { $sum: 1 } } }], { session }).toArray()).toEqual([
      { _id: 'open', n: 2 },
    ]);
    await session.endSession();
    expect(await c.countDocuments()).toBe(2);
  });

  it('returns atClusterTime and reads at a given atClusterTime; a time from before the server started is SnapshotTooOld', async () => {
    const c = db.collection('a');
    await c.insertOne({ _id: 1 as never, v: 1 });
    const session = client.startSession();
    const first = await db.command({ find: 'a', readConcern: { level: 'snapshot' } }, { session });
    const at = first.cursor.atClusterTime as Timestamp;
    expect(at).toBeInstanceOf(Timestamp);
    await c.updateOne({ _id: 1 as never }, { $set: { v: 2 } });
    const again = await db.command({ find: 'a', readConcern: { level: 'snapshot', atClusterTime: at } }, { session });
    expect(again.cursor.firstBatch).toEqual([{ _id: 1, v: 1 }]);
    const now = await db.command({ find: 'a', readConcern: { level: 'snapshot' } }, { session });
    expect(now.cursor.firstBatch).toEqual([{ _id: 1, v: 2 }]);
    expect(
      await fail({ find: 'a', readConcern: { level: 'snapshot', atClusterTime: new Timestamp({ t: 1_000_000, i: 1 }) } }),
    ).toMatchObject({ code: 239, codeName: 'SnapshotTooOld' });
    await session.endSession();
  });

  it('commands that must refuse readConcern snapshot refuse it (writes, list commands, count)', async () => {
    await db.collection('c').insertOne({ _id: 1 as never });
    const snapshot = { readConcern: { level: 'snapshot' } };
    for (const command of [
      { insert: 'c', documents: [{ _id: 2 }] },
      { update: 'c', updates: [{ q: {}, u: { $set: { x: 1 } } }] },
      { delete: 'c', deletes: [{ q: {}, limit: 1 }] },
      { findAndModify: 'c', query: {}, update: { $set: { x: 1 } } },
      { listCollections: 1 },
      { listIndexes: 'c' },
      { count: 'c' },
      { aggregate: 'c', pipeline: [{ $out: 'd' }], cursor: {} },
    ]) {
      expect(await fail({ ...command, ...snapshot })).toMatchObject({ code: 72, codeName: 'InvalidOptions' });
    }
    expect(
      await db
        .admin()
        .command({ listDatabases: 1, ...snapshot })
        .catch((e: MongoServerError) => e),
    ).toMatchObject({
      code: 72,
    });
    expect(await db.collection('c').find({}).toArray()).toEqual([{ _id: 1 }]);
  });

  it('in a transaction: snapshot / majority / local on the first command only', async () => {
    const session = client.startSession();
    session.startTransaction({ readConcern: { level: 'snapshot' } });
    await db.collection('c').insertOne({ a: 1 }, { session });
    expect(await db.collection('c').countDocuments({}, { session })).toBe(1);
    await session.commitTransaction();
    session.startTransaction({ readConcern: { level: 'linearizable' } });
    await expect(db.collection('c').findOne({}, { session })).rejects.toMatchObject({ code: 72 });
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
  });
});
