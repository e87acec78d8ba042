import type { Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('copy_on_write', (opened) => ({ db } = opened));

const STORED = {
  _id: 1,
  a: { b: 1, keep: { deep: [1, 2] } },
  list: [{ x: 1 }, { x: 2 }],
  tags: ['t1'],
  m: { n: { o: 'p' } },
};

/** Updates touching nested objects, array elements (positional and all-elements), arrays and renames. */
const UPDATE: Document = {
  $set: { 'a.b': 2, 'list.$[].y': true, 'm.n.q': 'r' },
  $inc: { 'list.0.x': 10 },
  $addToSet: { tags: { $each: ['t1', 't2'] } },
  $unset: { 'a.keep.deep': '' },
  $rename: { 'm.n.o': 'm.moved' },
};

const AFTER = {
  _id: 1,
  a: { b: 2, keep: {} },
  list: [
    { x: 11, y: true },
    { x: 2, y: true },
  ],
  tags: ['t1', 't2'],
  m: { n: { q: 'r' }, moved: 'p' },
};

describe('updates copy on write (ADR 155): the version before an update never changes', () => {
  it('answers the update as a deep copy did, and leaves the earlier version whole', async () => {
    const c = db.collection('docs');
    await c.insertMany([structuredClone(STORED), { _id: 2, a: { b: 0 } }]);
    // A cursor holds the documents as they were when it opened; its second batch is read after the update.
    const cursor = c.find({}, { batchSize: 1 }).sort({ _id: -1 });
    expect(await cursor.next()).toMatchObject({ _id: 2 });
    const before = await c.findOneAndUpdate({ _id: 1 }, UPDATE, { returnDocument: 'before' });
    expect(before).toEqual(STORED);
    expect(await c.findOne({ _id: 1 })).toEqual(AFTER);
    expect(await cursor.next()).toEqual(STORED);
    await cursor.close();
    // A second update on the new version: its own copy again, the first update's result intact in history.
    const again = await c.findOneAndUpdate({ _id: 1 }, { $set: { 'list.1.x': 3 } }, { returnDocument: 'before' });
    expect(again).toEqual(AFTER);
  });

  it('gives an upsert (built in place) and an update of a stored document (copied on write) the same document', async () => {
    const c = db.collection('both');
    await c.insertOne({ _id: 'stored' });
    const update = { $set: { 'a.c': 2, 'a.d.e': 'f' }, $addToSet: { tags: 't3' }, $push: { list: { $each: [2, 1], $sort: 1 } } };
    await c.updateOne({ _id: 'stored' }, update);
    await c.updateOne({ _id: 'upserted' }, update, { upsert: true });
    const expected = { a: { c: 2, d: { e: 'f' } }, tags: ['t3'], list: [1, 2] };
    expect(await c.findOne({ _id: 'stored' })).toEqual({ _id: 'stored', ...expected });
    expect(await c.findOne({ _id: 'upserted' })).toEqual({ _id: 'upserted', ...expected });
  });
});
