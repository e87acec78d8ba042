import { BSON } from 'bson';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './helpers.js';

let db: Db;
useFreshDatabase('update_size', (opened) => ({ db } = opened));

const LIMIT = 16 * 1024 * 1024;
const ITEM = 'y'.repeat(1024 * 1024 - 64);

/** Grows a document one item at a time until the server refuses; how many updates it took, and the last error. */
async function growUntilRefused(grow: (step: number) => Promise<unknown>): Promise<{ steps: number; code?: number }> {
  for (let step = 0; step < 40; step++) {
    try {
      await grow(step);
    } catch (error) {
      return { steps: step, code: (error as { code?: number }).code };
    }
  }
  return { steps: 40 };
}

/**
 * ADR 155: an operator update on a plain path is measured only when the earlier version's size bound plus the
 * update's growth bound could pass 16 MB; a path with an array index is always measured. Both must refuse the same
 * update, the first one past the limit.
 */
describe('the 16 MB limit on updated documents (17419)', () => {
  it('refuses the same growing update whether the size was bounded or measured', async () => {
    const c = db.collection('grown');
    await c.insertMany([
      { _id: 1, list: [] },
      { _id: 2, list: [] },
    ]);
    const bounded = await growUntilRefused((step) => c.updateOne({ _id: 1 }, { $push: { list: ITEM }, $set: { step } }));
    const measured = await growUntilRefused((step) => c.updateOne({ _id: 2 }, { $set: { [`list.${step}`]: ITEM, step } }));
    expect(bounded.code).toBe(17419);
    expect(measured).toEqual(bounded);
    // The refusal came at the first update past the limit: what is stored is within it, one more item is not.
    const stored = await c.findOne({ _id: 1 });
    expect(BSON.calculateObjectSize(stored ?? {})).toBeLessThanOrEqual(LIMIT);
    expect(BSON.calculateObjectSize({ ...stored, list: [...(stored?.list as string[]), ITEM] })).toBeGreaterThan(LIMIT);
  });
});
