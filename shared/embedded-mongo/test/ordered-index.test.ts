import { Decimal128, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithClient } from './helpers.js';

/**
 * Ordered index scans must never change a result: every query runs against an indexed collection and an
 * unindexed copy holding the same documents, and the answers (order included) must be identical.
 */

const oid = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

/** Values of mixed BSON types, with numeric ties across types (1, 1.0, Long 1, Decimal 1), null and missing. */
function valueFor(i: number): unknown {
  switch (i % 11) {
    case 0:
      return i % 7;
    case 1:
      return (i % 7) + 0.5;
    case 2:
      return Long.fromNumber(i % 5);
    case 3:
      return Decimal128.fromString(String(i % 6));
    case 4:
      return `s${i % 9}`;
    case 5:
      return day(i % 8);
    case 6:
      return null;
    case 7:
      return undefined; // field left out
    case 8:
      return oid(i % 4);
    case 9:
      return i % 2 === 0;
    default:
      return -(i % 3);
  }
}

function documentFor(i: number): Document {
  const doc: Document = { _id: i, g: ['a', 'b', 'c'][i % 3], w: i % 4, n: { depth: i % 5 } };
  const v = valueFor(i);
  if (v !== undefined) doc.v = v;
  return doc;
}

const FILTERS: Document[] = [
  {},
  { v: { $gt: 2 } },
  { v: { $gte: 1, $lt: 4 } },
  { v: { $lte: 1 } },
  { v: { $gt: 1.5, $lte: Long.fromNumber(3) } },
  { v: { $gte: Decimal128.fromString('2') } },
  { v: { $lt: 's4' } },
  { v: { $gte: 's2', $lte: 's6' } },
  { v: { $gte: day(2), $lt: day(6) } },
  { v: { $gt: oid(1) } },
  { v: null },
  { v: { $gte: null } },
  { v: { $exists: false } },
  { v: { $in: [1, 's3', null, day(4)] } },
  { v: { $ne: 2 } },
  { v: { $gt: 2 }, w: { $lt: 2 } },
  { g: 'a' },
  { g: 'b', v: { $gt: 0 } },
  { g: 'c', v: { $lt: 's5' } },
  { g: { $in: ['a', 'c'] }, v: { $lte: 3 } },
  { g: 'a', $or: [{ v: { $lt: 3 } }, { v: 3, _id: { $lt: 200 } }] },
  { $or: [{ v: { $gt: 4 } }, { v: 's1' }] },
  { $and: [{ g: 'b' }, { v: { $gte: 2 } }, { v: { $lt: 6 } }] },
  { 'n.depth': { $gte: 2 }, g: 'a' },
  // Every field of a compound index pinned.
  { g: 'a', v: 3 },
  { g: 'b', 'n.depth': 2, v: { $in: [1] } },
  // Lists on leading fields (one stretch of the index per combination), with values equal across types and repeated.
  { v: { $in: [Long.fromNumber(2), 2, 2.0, Decimal128.fromString('2'), 's3', 's3', null] } },
  { g: { $in: ['a', 'c', 'a'] }, v: { $in: [1, 1.5, Long.fromNumber(3), day(4), null] } },
  { g: { $in: ['b', 'c'] }, 'n.depth': { $in: [0, 2, 4] }, v: { $gte: 1, $lt: 's9' } },
  { g: { $in: ['a', 'b'] }, 'n.depth': { $in: [1, 3] } },
  { $and: [{ g: { $in: ['c', 'a'] } }, { v: { $in: [oid(2), true, -1] } }] },
];

const SORTS: Array<Document | undefined> = [
  undefined,
  { v: 1 },
  { v: -1 },
  { v: 1, _id: 1 },
  { v: -1, _id: -1 },
  { g: 1, v: -1 },
  { g: -1, v: 1, _id: 1 },
  { g: 1, v: 1 },
  { v: -1, w: 1 },
  { 'n.depth': 1, v: 1 },
  { _id: -1 },
];

const PAGES: Array<{ skip?: number; limit?: number }> = [{}, { limit: 1 }, { limit: 7 }, { skip: 3, limit: 5 }];

// Hundreds of driver round trips per test: on a loaded shared machine one took over 30 s (the default timeout),
// the same with the code before and after a change, so these get a generous bound.
describe('ordered index scans give the same answers as collection scans', { timeout: 240_000 }, () => {
  let ctx: Awaited<ReturnType<typeof startWithClient>>;
  const indexed = () => ctx.client.db('ordered').collection('indexed');
  const plain = () => ctx.client.db('ordered').collection('plain');

  beforeAll(async () => {
    ctx = await startWithClient();
    await indexed().createIndex({ v: 1 });
    await indexed().createIndex({ g: 1, v: -1 });
    await indexed().createIndex({ g: 1, 'n.depth': 1, v: 1 });
    const docs = Array.from({ length: 400 }, (_, i) => documentFor(i));
    await indexed().insertMany(docs.map((d) => ({ ...d })));
    await plain().insertMany(docs.map((d) => ({ ...d })));
  });

  afterAll(async () => {
    await ctx.close();
  });

  async function compareAll(
    label: string,
    options: { session?: import('mongodb').ClientSession } = {},
    pages: ReadonlyArray<{ skip?: number; limit?: number }> = PAGES,
  ) {
    let compared = 0;
    for (const filter of FILTERS) {
      for (const sort of SORTS) {
        for (const page of pages) {
          const run = (collection: ReturnType<typeof indexed>) =>
            collection.find(filter, { ...(sort ? { sort } : {}), ...page, ...options }).toArray();
          const [fromIndex, fromScan] = await Promise.all([run(indexed()), run(plain())]);
          expect(fromIndex, `${label}: ${JSON.stringify({ filter, sort, page })}`).toEqual(fromScan);
          compared++;
        }
      }
    }
    return compared;
  }

  it('for ranges, both directions, compound prefixes, mixed types, null and missing', async () => {
    expect(await compareAll('initial')).toBe(FILTERS.length * SORTS.length * PAGES.length);
    // Sanity: the comparisons are not all empty.
    expect(
      await indexed()
        .find({ v: { $gt: 2 } }, { sort: { v: -1 }, limit: 3 })
        .toArray(),
    ).toHaveLength(3);
  });

  it('after updates that move keys, deletes and re-inserts', async () => {
    for (const collection of [indexed(), plain()]) {
      await collection.updateMany({ w: 1 }, { $set: { v: 3 } });
      await collection.updateMany({ w: 2, g: 'b' }, { $unset: { v: '' } });
      await collection.deleteMany({ _id: { $in: [5, 17, 90, 91, 92] } });
      await collection.insertOne(documentFor(17));
      await collection.updateOne({ _id: 40 }, { $set: { g: 'c', 'n.depth': 9 } });
    }
    await compareAll('after writes');
  });

  it('with arrays on indexed paths (multikey), and again once they are gone', async () => {
    for (const collection of [indexed(), plain()]) {
      await collection.insertMany([
        { _id: 1000, g: 'a', v: [1, 5, 's2'], w: 0, n: { depth: 1 } },
        { _id: 1001, g: 'b', v: [], w: 1, n: [{ depth: 3 }, { depth: 0 }] },
        { _id: 1002, g: ['a', 'c'], v: 2, w: 2, n: { depth: 2 } },
      ]);
    }
    await compareAll('with arrays');
    for (const collection of [indexed(), plain()]) await collection.deleteMany({ _id: { $gte: 1000 } });
    await compareAll('arrays removed');
  });

  it('inside a transaction: its own writes and a snapshot older than other writes', async () => {
    const session = ctx.client.startSession();
    const outside = ctx.client.db('ordered');
    try {
      session.startTransaction();
      for (const collection of [indexed(), plain()]) {
        await collection.insertOne({ _id: 2000, g: 'a', v: 2.25, w: 0, n: { depth: 1 } }, { session });
        await collection.updateOne({ _id: 12 }, { $set: { v: -5 } }, { session });
        await collection.deleteOne({ _id: 33 }, { session });
      }
      // Committed after the transaction's snapshot: invisible to it, but they change the index under it.
      for (const name of ['indexed', 'plain']) {
        await outside.collection(name).updateOne({ _id: 44 }, { $set: { v: 100 } });
        await outside.collection(name).insertOne({ _id: 2001, g: 'b', v: 1, w: 0, n: { depth: 0 } });
      }
      // Whole answers only inside the transaction (skip/limit are covered by every other test): the server aborts a
      // transaction open longer than 60 s, as MongoDB does, and on a loaded machine all pages took longer than that.
      await compareAll('in transaction', { session }, [{}]);
      const seen = await indexed()
        .find({ _id: { $in: [2000, 2001] } }, { session })
        .toArray();
      expect(seen.map((d) => d._id)).toEqual([2000]);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    await compareAll('after commit');
  });

  it('in aggregate $match + $sort + $limit', async () => {
    for (const pipeline of [
      [{ $match: { g: 'a', v: { $gte: 1 } } }, { $sort: { v: -1 } }, { $limit: 4 }],
      [{ $match: { v: { $lt: 's3' } } }, { $sort: { v: 1 } }, { $skip: 2 }, { $limit: 5 }, { $project: { v: 1 } }],
      [{ $sort: { v: 1, _id: -1 } }, { $limit: 9 }],
    ]) {
      const [fromIndex, fromScan] = await Promise.all([
        indexed().aggregate(pipeline).toArray(),
        plain().aggregate(pipeline).toArray(),
      ]);
      expect(fromIndex, JSON.stringify(pipeline)).toEqual(fromScan);
      expect(fromIndex.length).toBeGreaterThan(0);
    }
  });
});
