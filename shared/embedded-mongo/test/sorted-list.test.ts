import { describe, expect, it } from 'vitest';
import { SortedList } from '../src/storage/sorted-list.js';

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('SortedList', () => {
  it('keeps order through random inserts and deletes across many chunk splits', () => {
    const next = random(7);
    const list = new SortedList<number>((a, b) => a - b);
    const reference: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (reference.length > 0 && next() < 0.3) {
        const victim = reference.splice(Math.floor(next() * reference.length), 1)[0] as number;
        expect(list.delete(victim)).toBe(true);
      } else {
        const value = Math.floor(next() * 1e9);
        if (reference.includes(value)) continue;
        list.insert(value);
        reference.push(value);
      }
    }
    reference.sort((a, b) => a - b);
    expect([...list]).toEqual(reference);
    expect(list.size).toBe(reference.length);
    expect(list.delete(-1)).toBe(false);
  });

  it('seeks, counts and iterates a half-open stretch both ways', () => {
    const list = new SortedList<number>((a, b) => a - b);
    list.load(Array.from({ length: 5_000 }, (_, i) => i * 2));
    const from = list.seek((x) => x >= 1_001);
    const to = list.seek((x) => x > 3_000);
    expect(list.rank(to) - list.rank(from)).toBe(1_000);
    const forward = [...list.forward(from, to)];
    expect(forward[0]).toBe(1_002);
    expect(forward[forward.length - 1]).toBe(3_000);
    expect([...list.backward(from, to)]).toEqual(forward.reverse());
    const end = list.seek((x) => x > 1e9);
    expect([...list.forward(end, end)]).toEqual([]);
    expect([
      ...list.backward(
        list.seek(() => true),
        end,
      ),
    ]).toHaveLength(5_000);
  });
});
