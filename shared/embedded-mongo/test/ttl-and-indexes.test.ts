import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';
import type { EmbeddedMongo } from '../src/index.js';

let db: Db;
let server: EmbeddedMongo;
useFreshDatabase('ttl', (opened) => ({ db, server } = opened));

describe('TTL and secondary indexes', () => {
  it('expires documents past expireAfterSeconds when swept', async () => {
    const c = db.collection('sessions');
    await c.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 60 });
    const now = Date.now();
    await c.insertMany([
      { k: 'old', lastSeen: new Date(now - 120_000) },
      { k: 'fresh', lastSeen: new Date(now - 10_000) },
      { k: 'arr', lastSeen: [new Date(now - 500_000), new Date(now)] },
      { k: 'not-a-date', lastSeen: 'yesterday' },
    ]);
    expect(server.sweepTtl()).toBe(2);
    expect((await c.find({}).sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual(['fresh', 'not-a-date']);
    expect(server.sweepTtl(now + 3_600_000)).toBe(1);
  });

  it('enforces compound unique, sparse and partial unique indexes', async () => {
    const c = db.collection('u');
    await c.createIndex({ tenant: 1, email: 1 }, { unique: true });
    await c.createIndex({ phone: 1 }, { unique: true, sparse: true });
    await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([
      { tenant: 't1', email: 'a' },
      { tenant: 't2', email: 'a' },
    ]);
    await expect(c.insertOne({ tenant: 't1', email: 'a' })).rejects.toMatchObject({
      code: 11000,
      keyValue: { tenant: 't1', email: 'a' },
    });
    await c.insertMany([
      { tenant: 't3', email: 'b', code: 'X', active: false },
      { tenant: 't3', email: 'c', code: 'X', active: true },
    ]);
    await expect(c.insertOne({ tenant: 't3', email: 'd', code: 'X', active: true })).rejects.toMatchObject({ code: 11000 });
    await expect(c.updateOne({ email: 'b' }, { $set: { active: true } })).rejects.toMatchObject({ code: 11000 });
    await c.insertOne({ tenant: 't4', email: 'e', phone: '1' });
    await expect(c.insertOne({ tenant: 't4', email: 'f', phone: '1' })).rejects.toMatchObject({
      code: 11000,
      keyPattern: { phone: 1 },
    });
  });

  it('refuses to build a unique index over duplicate data', async () => {
    const c = db.collection('dups');
    await c.insertMany([{ a: 1 }, { a: 1 }]);
    await expect(c.createIndex({ a: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('finds through indexes on array fields and $in', async () => {
    const c = db.collection('tags');
    await c.createIndex({ tags: 1 });
    await c.insertMany([{ k: 1, tags: ['a', 'b'] }, { k: 2, tags: ['b'] }, { k: 3, tags: 'c' }, { k: 4 }]);
    expect((await c.find({ tags: 'b' }).sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([1, 2]);
    expect((await c.find({ tags: ['a', 'b'] }).toArray()).map((d) => d.k)).toEqual([1]);
    expect(
      (
        await c
          .find({ tags: { $in: ['a', 'c'] } })
          .sort({ k: 1 })
          .toArray()
      ).map((d) => d.k),
    ).toEqual([1, 3]);
    expect((await c.find({ tags: null }).toArray()).map((d) => d.k)).toEqual([4]);
    await c.updateOne({ k: 2 }, { $set: { tags: ['z'] } });
    expect((await c.find({ tags: 'b' }).toArray()).map((d) => d.k)).toEqual([1]);
    await c.deleteOne({ k: 1 });
    expect(await c.find({ tags: 'b' }).toArray()).toEqual([]);
  });
});
