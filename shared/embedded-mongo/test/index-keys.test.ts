import type { Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { SortedList } from '../src/storage/sorted-list.js';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('index_keys', (opened) => ({ db } = opened));

/**
 * ADR 155: a document whose indexed paths meet no array takes the index's fast key path; one that meets an array
 * takes the general walk. Each pair below holds the same key in a unique index, one document on each path, so the
 * second insert is a duplicate only if both paths key it alike; the finds then read both through the index.
 */
const PAIRS: Array<{ name: string; scalar: Document; multikey: Document; keyValue: Document }> = [
  {
    name: 'a nested value',
    scalar: { a: { b: 1 }, c: 'x' },
    multikey: { a: [{ b: 1 }], c: 'x' },
    keyValue: { 'a.b': 1, c: 'x' },
  },
  { name: 'a missing field', scalar: { c: 'x' }, multikey: { a: [{ z: 1 }], c: 'x' }, keyValue: { 'a.b': null, c: 'x' } },
  { name: 'a path through a scalar', scalar: { a: 5, c: 'x' }, multikey: { a: [], c: 'x' }, keyValue: { 'a.b': null, c: 'x' } },
  {
    name: 'a null',
    scalar: { a: { b: null }, c: 'x' },
    multikey: { a: [{ b: null }], c: 'x' },
    keyValue: { 'a.b': null, c: 'x' },
  },
];

describe('index keys: the scalar fast path and the general walk agree', () => {
  for (const { name, scalar, multikey, keyValue } of PAIRS) {
    it(`keys ${name} alike on both paths`, async () => {
      const c = db.collection('pairs');
      await c.createIndex({ 'a.b': 1, c: 1 }, { unique: true });
      await c.insertOne({ _id: 1, ...scalar } as Document);
      await expect(c.insertOne({ _id: 2, ...multikey } as Document)).rejects.toMatchObject({ code: 11000, keyValue });
      // The other way round: the general walk's key stored first, the fast path's found duplicate.
      await c.deleteMany({});
      await c.insertOne({ _id: 3, ...multikey } as Document);
      await expect(c.insertOne({ _id: 4, ...scalar } as Document)).rejects.toMatchObject({ code: 11000, keyValue });
      expect(await c.find({ c: 'x' }).toArray()).toHaveLength(1);
    });
  }

  it('finds through a hash lookup what both paths stored, and forgets what they removed', async () => {
    const c = db.collection('lookups');
    await c.createIndex({ tag: 1 }, { sparse: true });
    await c.insertMany([{ _id: 1, tag: 'red' }, { _id: 2, tag: ['red', 'blue'] }, { _id: 3 }, { _id: 4, tag: 'blue' }]);
    expect((await c.find({ tag: 'red' }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await c.find({ tag: 'blue' }).toArray()).map((d) => d._id)).toEqual([2, 4]);
    // Replacements move a document from one path to the other; the old keys must go.
    await c.updateOne({ _id: 1 }, { $set: { tag: ['green'] } });
    await c.updateOne({ _id: 2 }, { $set: { tag: 'green' } });
    expect((await c.find({ tag: 'red' }).toArray()).map((d) => d._id)).toEqual([]);
    expect((await c.find({ tag: 'green' }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await c.find({ tag: 'blue' }).toArray()).map((d) => d._id)).toEqual([4]);
  });
});

describe('SortedList inserts at the ends and in the middle', () => {
  it('ends up in order whichever way the keys arrive', () => {
    // Rising keys take the append shortcut, falling keys the prepend one, the interleaved ones the search.
    const arrivals = [
      Array.from({ length: 2_000 }, (_, i) => i),
      Array.from({ length: 2_000 }, (_, i) => 2_000 - i),
      Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? i : 4_000 - i)),
    ];
    for (const keys of arrivals) {
      const list = new SortedList<number>((a, b) => a - b);
      for (const key of keys) list.insert(key);
      expect([...list]).toEqual([...keys].sort((a, b) => a - b));
    }
  });
});
