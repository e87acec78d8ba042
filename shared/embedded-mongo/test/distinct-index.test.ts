/**
 * `distinct` with no filter answers from an index that leads with the field (ADR 111: the checkpoint job asks for
 * every tenant of a million-event collection every 300 s). The answer must be the scan's: same values, same BSON
 * order, deletions gone, and a transaction or a snapshot read still sees its own view of the documents.
 */
import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { SecondaryIndex } from '../src/storage/index-engine.js';
import { useFreshDatabase } from './helpers.js';

/** A seeded generator in [0, 1) (a linear congruential one: enough to vary the documents reproducibly). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('distinct from an index', () => {
  let db: Db;
  let client: MongoClient;
  useFreshDatabase('distinct_index', (opened) => ({ db, client } = opened));

  /** The same documents in a collection with an index leading with `tenantId` and in one without any. */
  async function pair(docs: Record<string, unknown>[]) {
    const indexed = db.collection('indexed');
    const plain = db.collection('plain');
    await indexed.createIndex({ tenantId: 1, sequence: 1 });
    if (docs.length > 0) {
      await indexed.insertMany(docs.map((doc) => ({ ...doc })));
      await plain.insertMany(docs.map((doc) => ({ ...doc })));
    }
    return { indexed, plain };
  }

  it('answers what a scan answers, on random string values, arrays among them, after deletes', async () => {
    for (let seed = 1; seed <= 8; seed += 1) {
      await db.dropDatabase();
      const random = seeded(seed);
      const tenants = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => `tenant-${seed}-${i}`);
      const pick = () => tenants[Math.floor(random() * tenants.length)] as string;
      const docs = Array.from({ length: 50 + Math.floor(random() * 200) }, (_, sequence) => ({
        tenantId: random() < 0.1 ? [pick(), pick()] : pick(),
        sequence,
      }));
      const { indexed, plain } = await pair(docs);
      expect(await indexed.distinct('tenantId')).toEqual(await plain.distinct('tenantId'));
      const gone = pick();
      await indexed.deleteMany({ tenantId: gone });
      await plain.deleteMany({ tenantId: gone });
      const after = await indexed.distinct('tenantId');
      expect(after).toEqual(await plain.distinct('tenantId'));
      expect(after).not.toContain(gone);
    }
  });

  it('answers what a scan answers when values are not all strings (missing, null, numbers, nested arrays)', async () => {
    const { indexed, plain } = await pair([
      { tenantId: 'b', sequence: 1 },
      { sequence: 2 },
      { tenantId: null, sequence: 3 },
      { tenantId: 7, sequence: 4 },
      { tenantId: 7.0, sequence: 5 },
      { tenantId: [['x'], 'a'], sequence: 6 },
      { tenantId: [], sequence: 7 },
    ]);
    expect(await indexed.distinct('tenantId')).toEqual(await plain.distinct('tenantId'));
    expect(await indexed.distinct('tenantId')).toEqual([null, 7, 'a', 'b', ['x']]);
  });

  it('with a filter, in a transaction and at a snapshot, reads the documents as before', async () => {
    const { indexed } = await pair([
      { tenantId: 'a', sequence: 1 },
      { tenantId: 'b', sequence: 2 },
    ]);
    expect(await indexed.distinct('tenantId', { sequence: 2 })).toEqual(['b']);
    const session = client.startSession();
    try {
      session.startTransaction();
      await indexed.insertOne({ tenantId: 'c', sequence: 3 }, { session });
      expect(await indexed.distinct('tenantId', {}, { session })).toEqual(['a', 'b', 'c']);
      expect(await indexed.distinct('tenantId')).toEqual(['a', 'b']);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await indexed.distinct('tenantId')).toEqual(['a', 'b', 'c']);
    const snapshot = client.startSession({ snapshot: true });
    try {
      expect(await indexed.distinct('tenantId', {}, { session: snapshot })).toEqual(['a', 'b', 'c']);
      await indexed.insertOne({ tenantId: 'd', sequence: 4 });
      expect(await indexed.distinct('tenantId', {}, { session: snapshot })).toEqual(['a', 'b', 'c']);
    } finally {
      await snapshot.endSession();
    }
    expect(await indexed.distinct('tenantId')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('an index answering distinct', () => {
  const index = (docs: Record<string, unknown>[], spec: Partial<{ sparse: boolean }> = {}) => {
    const built = new SecondaryIndex({ v: 2, key: { tenantId: 1, sequence: 1 }, name: 'tenantId_1_sequence_1', ...spec });
    docs.forEach((doc, position) => built.add(String(position), doc, position));
    return built;
  };

  it('has the strings of its first field, array elements included, each once, and drops a removed one', () => {
    const docs = [{ tenantId: 'a' }, { tenantId: ['b', 'c:d'] }, { tenantId: 'a' }];
    const built = index(docs);
    expect(built.firstFieldStrings()?.sort()).toEqual(['a', 'b', 'c:d']);
    built.remove('1', docs[1] as Record<string, unknown>, 1);
    expect(built.firstFieldStrings()).toEqual(['a']);
  });

  it('has no answer when a value is not a string or the index does not hold every document', () => {
    expect(index([{ tenantId: 'a' }, {}]).firstFieldStrings()).toBeUndefined();
    expect(index([{ tenantId: 'a' }, { tenantId: null }]).firstFieldStrings()).toBeUndefined();
    expect(index([{ tenantId: 'a' }, { tenantId: 1 }]).firstFieldStrings()).toBeUndefined();
    expect(index([{ tenantId: 'a' }], { sparse: true }).firstFieldStrings()).toBeUndefined();
  });
});
