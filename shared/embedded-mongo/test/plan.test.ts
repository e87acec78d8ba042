import { describe, expect, it } from 'vitest';
import type { Doc } from '../src/bson/types.js';
import { compileFilter, matches } from '../src/query/filter.js';
import { readMatching, type PlanInfo } from '../src/query/plan.js';
import { parseSort } from '../src/query/sort.js';
import type { Collection } from '../src/storage/collection.js';
import { Storage } from '../src/storage/storage.js';

function events() {
  const storage = new Storage();
  const collection = storage.ensureCollection('db', 'events');
  collection.addIndex({ v: 2, key: { tenantId: 1, sequence: 1 }, name: 'tenantId_1_sequence_1', unique: true });
  collection.addIndex({ v: 2, key: { tenantId: 1, accountId: 1 }, name: 'tenantId_1_accountId_1' });
  collection.addIndex({ v: 2, key: { note: 1 }, name: 'note_1', sparse: true });
  for (let i = 0; i < 5_000; i++) {
    storage.put(collection, { _id: i, tenantId: `t${i % 2}`, sequence: i, accountId: `a${i % 100}`, tags: [`x${i % 7}`] });
  }
  return { storage, collection };
}

/** Run a read the way the find command does and report its plan and result. */
function read(collection: Collection, filter: Doc, sort?: Doc, limit = 0) {
  const query = compileFilter(filter);
  const info: PlanInfo = { stage: 'COLLSCAN' };
  const spec = parseSort(sort);
  const docs = readMatching(
    { collection },
    { filter, test: (doc) => matches(query, doc), ...(spec ? { sort: spec } : {}), limit },
    info,
  );
  return { ...info, docs };
}

describe('query planning', () => {
  const { collection } = events();
  const plan = (filter: Doc) => {
    const { docs: _docs, ...info } = read(collection, filter);
    return info;
  };

  it('uses the _id map for _id equality and $in', () => {
    expect(plan({ _id: 42 })).toEqual({ stage: 'IDHACK', examined: 1 });
    expect(plan({ _id: { $in: [1, 2, 99999] } })).toEqual({ stage: 'IDHACK', examined: 2 });
  });

  it('pins every field of a compound index when it can, and picks the narrowest index', () => {
    expect(plan({ tenantId: 't1', sequence: 7 })).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_sequence_1',
      examined: 1,
    });
    expect(plan({ tenantId: 't0', accountId: 'a10', status: 'x' })).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_accountId_1',
      examined: 50,
    });
    expect(plan({ $and: [{ tenantId: 't0' }, { accountId: { $in: ['a10', 'a12'] } }] }).examined).toBe(100);
  });

  it('reads only the range after an equality prefix, and scans when no complete index applies', () => {
    // t0 holds the even sequences 0..4998; above 10 leaves 2494 of its 2500.
    expect(plan({ tenantId: 't0', sequence: { $gt: 10 } })).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_sequence_1',
      examined: 2_494,
    });
    expect(plan({ tenantId: 't0', sequence: { $gte: 100, $lt: 200 } }).examined).toBe(50);
    expect(plan({ note: 'n' })).toEqual({ stage: 'COLLSCAN', examined: 5_000 });
    // A list of values on a pinned field seeks each one: the evidence lookup `{ tenantId, eventId: { $in } }` shape.
    expect(plan({ tenantId: 't0', sequence: { $in: [10, 4_000, 10, 2_002, 7] } })).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_sequence_1',
      examined: 3,
    });
    expect(plan({ tenantId: { $in: ['t0', 't1'] }, sequence: { $in: [3, 4] } }).examined).toBe(2);
    // A page's evidence lookup names thousands of ids: still one seek each, not the tenant between the extremes.
    const many = Array.from({ length: 1_200 }, (_, i) => i * 4);
    expect(plan({ tenantId: 't0', sequence: { $in: many } }).examined).toBe(1_200);
    expect(plan({ tenantId: { $in: ['t0', 't1'] }, sequence: { $gte: 100, $lt: 110 } }).examined).toBe(10);
    expect(plan({ sequence: 5 })).toEqual({ stage: 'COLLSCAN', examined: 5_000 });
  });
});

describe('ordered index scans', () => {
  const storage = new Storage();
  const timeline = storage.ensureCollection('db', 'timeline');
  timeline.addIndex({ v: 2, key: { tenantId: 1, occurredAt: -1, _id: -1 }, name: 'tenantId_1_occurredAt_-1__id_-1' });
  timeline.addIndex({ v: 2, key: { accountId: 1 }, name: 'accountId_1' });
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    // Two events per millisecond, so keyset pagination has to break ties on _id.
    storage.put(timeline, {
      _id: i,
      tenantId: `t${i % 2}`,
      accountId: i < 10 ? 'rare' : `a${i % 50}`,
      occurredAt: new Date(start + Math.floor(i / 4)),
    });
  }
  const newestFirst = { occurredAt: -1, _id: -1 };

  it('answers a newest-first page from the index, reading about `limit` entries', () => {
    const page = read(timeline, { tenantId: 't1', occurredAt: { $lt: new Date(start + 3_000) } }, newestFirst, 50);
    expect(page).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_occurredAt_-1__id_-1',
      ordered: { sortedByIndex: true },
    });
    expect(page.examined).toBeLessThanOrEqual(51);
    expect(page.docs.map((d) => d._id)).toEqual(Array.from({ length: 50 }, (_, k) => 11_999 - 2 * k));
  });

  it('pages by keyset ($or on the sort fields) from the index, in both directions', () => {
    const last = { occurredAt: new Date(start + 2_000), _id: 8_001 };
    const filter = {
      tenantId: 't1',
      $or: [{ occurredAt: { $lt: last.occurredAt } }, { occurredAt: last.occurredAt, _id: { $lt: last._id } }],
    };
    const page = read(timeline, filter, newestFirst, 20);
    expect(page.ordered).toEqual({ sortedByIndex: true });
    expect(page.examined).toBeLessThanOrEqual(22);
    expect(page.docs.map((d) => d._id)).toEqual(Array.from({ length: 20 }, (_, k) => 7_999 - 2 * k));
    const oldest = read(timeline, { tenantId: 't0', occurredAt: { $gte: new Date(start + 10) } }, { occurredAt: 1, _id: 1 }, 3);
    expect(oldest.examined).toBeLessThanOrEqual(4);
    expect(oldest.docs.map((d) => d._id)).toEqual([40, 42, 44]);
  });

  it('answers the activity-logs timeline query shape (extra conditions, $type, keyset $or) from the index', () => {
    const first = read(
      timeline,
      { tenantId: 't0', purgedAt: { $exists: false }, occurredAt: { $type: 'date' } },
      newestFirst,
      51,
    );
    expect(first).toMatchObject({ indexName: 'tenantId_1_occurredAt_-1__id_-1', ordered: { sortedByIndex: true } });
    expect(first.examined).toBeLessThanOrEqual(52);
    const last = first.docs[50] as { occurredAt: Date; _id: number };
    const next = read(
      timeline,
      {
        tenantId: 't0',
        purgedAt: { $exists: false },
        $or: [{ occurredAt: { $type: 'date', $lt: last.occurredAt } }, { occurredAt: last.occurredAt, _id: { $lt: last._id } }],
      },
      newestFirst,
      51,
    );
    expect(next.examined).toBeLessThanOrEqual(54);
    expect(next.docs[0]?._id).toBe(last._id - 2);
  });

  it('gives way to a narrower index when the ordered scan reads more than that index holds', () => {
    // The 10 'rare' events are the oldest: newest-first through the tenant index would read all of t0.
    const page = read(timeline, { tenantId: 't0', accountId: 'rare' }, newestFirst, 3);
    expect(page).toMatchObject({ stage: 'IXSCAN', indexName: 'accountId_1', examined: 10 });
    expect(page.docs.map((d) => d._id)).toEqual([8, 6, 4]);
  });

  it('stops using the ordered keys while a document holds an array on an indexed path', () => {
    storage.put(timeline, { _id: 'multi', tenantId: 't1', occurredAt: [new Date(start), new Date(start + 9_999_999)] });
    const filter = { tenantId: 't1', occurredAt: { $lt: new Date(start + 3_000) } };
    const withArray = read(timeline, filter, newestFirst, 5);
    expect(withArray.ordered).toBeUndefined();
    // The array's largest element sorts it first, newest-first; its smallest puts it in the range.
    expect(withArray.docs.map((d) => d._id)).toEqual(['multi', 11_999, 11_997, 11_995, 11_993]);
    storage.remove(timeline, 'multi');
    expect(read(timeline, filter, newestFirst, 5).ordered).toEqual({ sortedByIndex: true });
  });
});
