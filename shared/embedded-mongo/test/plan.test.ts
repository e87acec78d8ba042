import { describe, expect, it } from 'vitest';
import { candidates, type PlanInfo } from '../src/query/plan.js';
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
  return collection;
}

describe('query planning', () => {
  const collection = events();
  const plan = (filter: Record<string, unknown>) => {
    const info: PlanInfo = { stage: 'COLLSCAN' };
    const docs = candidates({ collection }, filter, info);
    return { ...info, candidates: docs.length };
  };

  it('uses the _id map for _id equality and $in', () => {
    expect(plan({ _id: 42 })).toEqual({ stage: 'IDHACK', candidates: 1 });
    expect(plan({ _id: { $in: [1, 2, 99999] } })).toEqual({ stage: 'IDHACK', candidates: 2 });
  });

  it('uses the full compound key when every indexed field is pinned, and picks the narrowest index', () => {
    expect(plan({ tenantId: 't1', sequence: 7 })).toEqual({ stage: 'IXSCAN', indexName: 'tenantId_1_sequence_1', candidates: 1 });
    expect(plan({ tenantId: 't0', accountId: 'a10', status: 'x' })).toEqual({ stage: 'IXSCAN', indexName: 'tenantId_1_accountId_1', candidates: 50 });
    expect(plan({ $and: [{ tenantId: 't0' }, { accountId: { $in: ['a10', 'a12'] } }] }).candidates).toBe(100);
  });

  it('falls back to the first field, and scans when no complete index applies', () => {
    expect(plan({ tenantId: 't0', sequence: { $gt: 10 } })).toMatchObject({ stage: 'IXSCAN', candidates: 2_500 });
    expect(plan({ note: 'n' })).toEqual({ stage: 'COLLSCAN', candidates: 5_000 });
    expect(plan({ sequence: 5 })).toEqual({ stage: 'COLLSCAN', candidates: 5_000 });
  });
});
