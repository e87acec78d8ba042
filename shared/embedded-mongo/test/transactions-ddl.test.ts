import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
let client: MongoClient;
useFreshDatabase('txnddl', (opened) => ({ db, client } = opened));

const names = async () => (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();

describe('collection and index creation inside a transaction (MongoDB 4.4+)', () => {
  it('a collection and its index created in a transaction are invisible to others until commit', async () => {
    const session = client.startSession();
    session.startTransaction();
    await db.createCollection('fresh', { session });
    await db.collection('fresh').createIndex({ email: 1 }, { unique: true, session });
    await db.collection('fresh').insertOne({ email: 'a@x.io' }, { session });
    expect(await db.collection('fresh').countDocuments({}, { session })).toBe(1);
    // A duplicate inside the transaction already breaks the new unique index.
    await expect(db.collection('fresh').insertOne({ email: 'a@x.io' }, { session })).rejects.toMatchObject({ code: 11000 });
    await session.abortTransaction();

    session.startTransaction();
    await db.createCollection('fresh', { session });
    await db.collection('fresh').createIndex({ email: 1 }, { unique: true, session });
    await db.collection('fresh').insertOne({ email: 'b@x.io' }, { session });
    // Other sessions see no collection, no index, no document.
    expect(await names()).toEqual([]);
    expect(await db.collection('fresh').find({}).toArray()).toEqual([]);
    await expect(db.collection('fresh').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
    await session.commitTransaction();
    await session.endSession();

    expect(await names()).toEqual(['fresh']);
    expect((await db.collection('fresh').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    await expect(db.collection('fresh').insertOne({ email: 'b@x.io' })).rejects.toMatchObject({ code: 11000 });
  });

  it('an aborted transaction leaves no collection behind (explicit or implicit creation)', async () => {
    const session = client.startSession();
    session.startTransaction();
    await db.createCollection('explicit', { session });
    await db.collection('implicit').insertOne({ a: 1 }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await names()).toEqual([]);
  });

  it('refuses an index on an existing collection (263) and an existing name (48)', async () => {
    await db.collection('old').insertOne({ a: 1 });
    const session = client.startSession();
    session.startTransaction();
    await expect(db.collection('old').createIndex({ a: 1 }, { session })).rejects.toMatchObject({
      code: 263,
      codeName: 'OperationNotSupportedInTransaction',
    });
    await session.abortTransaction().catch(() => undefined);
    session.startTransaction();
    await expect(db.createCollection('old', { session })).rejects.toMatchObject({ code: 48 });
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect((await db.collection('old').listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('a collection another session created meanwhile makes the commit a WriteConflict', async () => {
    const session = client.startSession();
    session.startTransaction();
    await db.collection('race').insertOne({ from: 'txn' }, { session });
    await db.collection('race').insertOne({ from: 'outside' });
    await expect(session.commitTransaction()).rejects.toMatchObject({ code: 112 });
    await session.endSession();
    expect(
      await db
        .collection('race')
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ from: 'outside' }]);
  });
});
