import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('explain', (opened) => ({ db } = opened));

describe('explain (find)', () => {
  it("answers the driver's cursor.explain() with the plan's stage, index and documents examined", async () => {
    const events = db.collection<{ _id: number; tenantId: string; sequence: number; note?: string }>('events');
    await events.createIndex({ tenantId: 1, sequence: 1 }, { unique: true });
    await events.insertMany(Array.from({ length: 2_000 }, (_, i) => ({ _id: i, tenantId: `t${i % 2}`, sequence: i })));
    const plan = async (cursor: { explain(verbosity: 'executionStats'): Promise<Record<string, unknown>> }) => {
      const { queryPlanner, executionStats } = (await cursor.explain('executionStats')) as {
        queryPlanner: { winningPlan: Record<string, unknown> };
        executionStats: { nReturned: number; totalDocsExamined: number };
      };
      return { ...queryPlanner.winningPlan, ...executionStats };
    };

    expect(
      await plan(
        events
          .find({ tenantId: 't1', sequence: { $gt: 1_500 } })
          .sort({ sequence: 1 })
          .limit(10),
      ),
    ).toEqual({
      stage: 'IXSCAN',
      indexName: 'tenantId_1_sequence_1',
      nReturned: 10,
      totalDocsExamined: 10,
    });
    expect(await plan(events.find({ _id: { $in: [3, 4] } }))).toEqual({ stage: 'IDHACK', nReturned: 2, totalDocsExamined: 2 });
    expect(await plan(events.find({ note: 'x' }))).toEqual({ stage: 'COLLSCAN', nReturned: 0, totalDocsExamined: 2_000 });
    expect(await plan(db.collection('absent').find({ a: 1 }))).toEqual({ stage: 'EOF', nReturned: 0, totalDocsExamined: 0 });
  });

  it('refuses to explain anything but a find', async () => {
    await expect(db.command({ explain: { count: 'events' } })).rejects.toMatchObject({ code: 2 });
  });
});
