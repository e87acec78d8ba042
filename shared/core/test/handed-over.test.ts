/** The bound on what chain consumers keep of the batches handed over to them (ADR 116). */
import { expect, it } from 'vitest';
import { HandedOverEntries, type ChainEntry } from '../src/index.js';

const entries = (tenantId: string, from: number, count: number): ChainEntry[] =>
  Array.from({ length: count }, (_, i) => ({ tenantId, sequence: from + i, payload: null }));
const sequences = (kept: readonly ChainEntry[]) => kept.map((entry) => entry.sequence);

it('appends a batch that continues what is kept, and replaces what it does not continue', () => {
  const kept = new HandedOverEntries(100);
  kept.append('a', entries('a', 1, 3));
  kept.append('a', entries('a', 4, 2));
  expect(sequences(kept.of('a'))).toEqual([1, 2, 3, 4, 5]);
  kept.append('a', entries('a', 9, 2)); // a gap: 6–8 must be read from the chain, so only the new batch is kept
  expect(sequences(kept.of('a'))).toEqual([9, 10]);
  expect(kept.size).toBe(2);
});

it('stays within its budget across tenants: the tenant kept least recently goes first, then the oldest entries', () => {
  const kept = new HandedOverEntries(10);
  kept.append('a', entries('a', 1, 6));
  kept.append('b', entries('b', 1, 3));
  kept.append('a', entries('a', 7, 1)); // a is now the most recently kept
  kept.append('c', entries('c', 1, 1)); // 10 + 1 > 10: b goes (kept least recently), a stays
  expect(sequences(kept.of('b'))).toEqual([]);
  expect(sequences(kept.of('a'))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(sequences(kept.of('c'))).toEqual([1]);
  expect(kept.size).toBe(8);
  kept.append('d', entries('d', 1, 5)); // 8 + 5 > 10: a goes too; c and d fit
  expect(kept.of('a')).toEqual([]);
  expect(sequences(kept.of('c'))).toEqual([1]);
  expect(kept.size).toBe(6);
});

it("keeps a tenant's newest entries when its own are more than the budget, and nothing with a budget of 0", () => {
  const kept = new HandedOverEntries(4);
  kept.append('a', entries('a', 1, 3));
  kept.append('a', entries('a', 4, 3));
  expect(sequences(kept.of('a'))).toEqual([3, 4, 5, 6]);
  expect(kept.size).toBe(4);
  const none = new HandedOverEntries(0);
  none.append('a', entries('a', 1, 3));
  expect(none.of('a')).toEqual([]);
  expect(none.size).toBe(0);
  expect(() => new HandedOverEntries(-1)).toThrow(/budget/);
});
