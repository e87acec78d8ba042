import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
let client: MongoClient;
useFreshDatabase('txn', (opened) => ({ db, client } = opened));

describe('transactions', () => {
  it('hides uncommitted writes from other sessions and drops them on abort', async () => {
    const c = db.collection('acc');
    await c.insertOne({ _id: 'a' as never, balance: 10 });
    const session = client.startSession();
    session.startTransaction();
    await c.updateOne({ _id: 'a' as never }, { $inc: { balance: -3 } }, { session });
    await c.insertOne({ _id: 'b' as never, balance: 3 }, { session });
    await c.deleteOne({ _id: 'a' as never }, { session });
    expect(await c.countDocuments({}, { session })).toBe(1);
    expect(await c.find({}).toArray()).toEqual([{ _id: 'a', balance: 10 }]);
    await session.abortTransaction();
    await session.endSession();
    expect(await c.find({}).toArray()).toEqual([{ _id: 'a', balance: 10 }]);
  });

  it('reads a snapshot taken when the transaction started', async () => {
    const c = db.collection('snap');
    await c.insertMany([
      { _id: 'a' as never, status: 'open' },
      { _id: 'b' as never, status: 'open' },
    ]);
    const session = client.startSession();
    session.startTransaction();
    expect(await c.countDocuments({ status: 'open' }, { session })).toBe(2);
    // Committed by others after the transaction started: invisible to it.
    await c.updateOne({ _id: 'a' as never }, { $set: { status: 'closed' } });
    await c.deleteOne({ _id: 'b' as never });
    await c.insertOne({ _id: 'c' as never, status: 'open' });
    expect(await c.find({}, { session }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', status: 'open' },
      { _id: 'b', status: 'open' },
    ]);
    expect(await c.countDocuments({ status: 'open' }, { session })).toBe(2);
    // Writing a document changed since the snapshot is a write conflict.
    await expect(c.updateOne({ _id: 'b' as never }, { $set: { status: 'x' } }, { session })).rejects.toMatchObject({ code: 112 });
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', status: 'closed' },
      { _id: 'c', status: 'open' },
    ]);
  });

  it('commits all writes together', async () => {
    const c = db.collection('acc');
    await c.insertMany([
      { _id: 'a' as never, balance: 10 },
      { _id: 'b' as never, balance: 0 },
    ]);
    const session = client.startSession();
    await session.withTransaction(async () => {
      await c.updateOne({ _id: 'a' as never }, { $inc: { balance: -4 } }, { session });
      await c.updateOne({ _id: 'b' as never }, { $inc: { balance: 4 } }, { session });
    });
    await session.endSession();
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', balance: 6 },
      { _id: 'b', balance: 4 },
    ]);
  });

  it('answers WriteConflict with TransientTransactionError when two transactions write one document', async () => {
    const c = db.collection('acc');
    await c.insertOne({ _id: 'a' as never, balance: 10 });
    const s1 = client.startSession();
    const s2 = client.startSession();
    s1.startTransaction();
    s2.startTransaction();
    await c.updateOne({ _id: 'a' as never }, { $inc: { balance: 1 } }, { session: s1 });
    const error = await c.updateOne({ _id: 'a' as never }, { $inc: { balance: 100 } }, { session: s2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect(
      (error as { errorLabels?: string[] }).errorLabels ?? [...((error as { errorLabelSet?: Set<string> }).errorLabelSet ?? [])],
    ).toContain('TransientTransactionError');
    await s2.abortTransaction().catch(() => undefined);
    await s1.commitTransaction();
    await s1.endSession();
    await s2.endSession();
    expect((await c.findOne({ _id: 'a' as never }))?.balance).toBe(11);
  });

  it('fails the transaction when a document changed after it started', async () => {
    const c = db.collection('acc');
    await c.insertOne({ _id: 'a' as never, balance: 10 });
    const session = client.startSession();
    session.startTransaction();
    await c.findOne({ _id: 'a' as never }, { session });
    await c.updateOne({ _id: 'a' as never }, { $set: { balance: 50 } });
    await expect(c.updateOne({ _id: 'a' as never }, { $inc: { balance: 1 } }, { session })).rejects.toMatchObject({ code: 112 });
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect((await c.findOne({ _id: 'a' as never }))?.balance).toBe(50);
  });

  it('makes a plain write wait for the transaction holding its document', async () => {
    const c = db.collection('acc');
    await c.insertOne({ _id: 'a' as never, n: 0 });
    const session = client.startSession();
    session.startTransaction();
    await c.updateOne({ _id: 'a' as never }, { $inc: { n: 1 } }, { session });
    let plainDone = false;
    const plain = c.updateOne({ _id: 'a' as never }, { $inc: { n: 10 } }).then(() => (plainDone = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(plainDone).toBe(false);
    await session.commitTransaction();
    await plain;
    await session.endSession();
    expect((await c.findOne({ _id: 'a' as never }))?.n).toBe(11);
  });

  it('gives up waiting with MaxTimeMSExpired when the write sets maxTimeMS', async () => {
    const c = db.collection('acc');
    await c.insertOne({ _id: 'a' as never, n: 0 });
    const session = client.startSession();
    session.startTransaction();
    await c.updateOne({ _id: 'a' as never }, { $inc: { n: 1 } }, { session });
    await expect(c.updateOne({ _id: 'a' as never }, { $inc: { n: 10 } }, { maxTimeMS: 150 })).rejects.toMatchObject({ code: 50 });
    await session.abortTransaction();
    await session.endSession();
    expect((await c.findOne({ _id: 'a' as never }))?.n).toBe(0);
  });

  it('commits nothing when one write would break a unique index at commit', async () => {
    const c = db.collection('users');
    await c.createIndex({ email: 1 }, { unique: true });
    const session = client.startSession();
    session.startTransaction();
    await c.insertOne({ email: 'x@x.io', from: 'txn' }, { session });
    await c.insertOne({ email: 'y@x.io', from: 'txn' }, { session });
    await c.insertOne({ email: 'x@x.io', from: 'outside' });
    await expect(session.commitTransaction()).rejects.toMatchObject({ code: 11000 });
    await session.endSession();
    expect(await c.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ email: 'x@x.io', from: 'outside' }]);
  });

  it('applies a retried retryable write (same lsid and txnNumber) only once', async () => {
    const session = client.startSession();
    const lsid = session.id;
    const insert = { insert: 'retry', documents: [{ _id: 1, n: 1 }], lsid, txnNumber: 7 };
    expect(await db.command(insert)).toMatchObject({ n: 1, ok: 1 });
    expect(await db.command(insert)).toMatchObject({ n: 1, ok: 1 });
    const inc = { update: 'retry', updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }], lsid, txnNumber: 8 };
    await db.command(inc);
    await db.command(inc);
    expect(await db.collection('retry').find({}).toArray()).toEqual([{ _id: 1, n: 2 }]);
    await session.endSession();
  });

  it('refuses commands a transaction may not run', async () => {
    const session = client.startSession();
    session.startTransaction();
    await db.collection('acc').insertOne({ a: 1 }, { session });
    await expect(db.command({ listCollections: 1 }, { session })).rejects.toMatchObject({ code: 263 });
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
  });
});
