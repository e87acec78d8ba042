/**
 * ADR 160: `$in` finds BinData items by subtype and bytes in a set instead of comparing every candidate with every item.
 * The predicate must answer as the general comparison does (the form before, kept here as the reference) for generated
 * values and lists — BinData of other subtypes, lengths and bytes, a UUID, strings, numbers, null, arrays of them — and
 * a query through the driver must find the same documents.
 */
import { Binary, Int32, UUID } from 'bson';
import { flatten } from 'mingo/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inList } from '../src/query/comparison.js';
import { startWithClient } from './helpers.js';

/** `$in` before ADR 160: every candidate against every item that is not a string. */
function reference(lhs: unknown, rhs: unknown[], depth: number): boolean {
  const candidates = !Array.isArray(lhs) || depth === -1 ? [lhs] : [lhs, ...lhs, ...(flatten(lhs, depth) as unknown[])];
  return rhs.some((item) => {
    if (item instanceof RegExp) return candidates.some((v) => typeof v === 'string' && item.test(v));
    return eq(lhs, item, depth);
  });
}

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UUID_VALUE = new UUID('6a2f41a3-c54c-fce8-32d2-0324e1c32e22');

function scalar(next: () => number): unknown {
  const kind = Math.floor(next() * 9);
  const bytes = Uint8Array.from({ length: Math.floor(next() * 3) }, () => Math.floor(next() * 3));
  if (kind <= 2) return new Binary(bytes, next() < 0.7 ? 0 : 4);
  if (kind === 3) return new Binary(new TextEncoder().encode(String.fromCharCode(...bytes.map((b) => 97 + b))), 0);
  if (kind === 4) return String.fromCharCode(...bytes.map((b) => 97 + b));
  if (kind === 5) return next() < 0.5 ? bytes.length : new Int32(bytes.length);
  if (kind === 6) return null;
  if (kind === 7) return UUID_VALUE;
  return Array.from({ length: Math.floor(next() * 3) }, () => scalar(next));
}

describe('$in with BinData (ADR 160)', () => {
  it('answers as the general comparison for generated values and lists', () => {
    for (let seed = 1; seed <= 3000; seed += 1) {
      const next = random(seed);
      const list = Array.from({ length: Math.floor(next() * 5) }, () => scalar(next));
      if (next() < 0.1) list.push(new Binary(UUID_VALUE.buffer, 4));
      const value = scalar(next);
      const depth = next() < 0.2 ? -1 : 1;
      expect({ seed, matched: inList(value, list, depth) }).toEqual({ seed, matched: reference(value, list, depth) });
    }
  });

  it('reads a BinData only up to its length, not the spare room of its buffer', () => {
    const grown = new Binary();
    grown.put(1);
    grown.put(2);
    expect(inList(new Binary(Uint8Array.from([1, 2])), [grown], 1)).toBe(true);
    expect(inList(grown, [new Binary(Uint8Array.from([1, 2, 0]))], 1)).toBe(false);
    expect(inList(grown, [new Binary(Uint8Array.from([1, 2, 0]))], 1)).toBe(
      reference(grown, [new Binary(Uint8Array.from([1, 2, 0]))], 1),
    );
  });

  describe('through the driver', () => {
    let env: Awaited<ReturnType<typeof startWithClient>>;
    beforeAll(async () => {
      env = await startWithClient();
    });
    afterAll(async () => env.close());

    it('counts the documents whose key is listed, of that subtype only', async () => {
      const keys = env.client.db('in-list').collection('keys');
      const key = (n: number, subtype = 0) =>
        new Binary(
          Uint8Array.from({ length: 32 }, (_, i) => (i * n) % 256),
          subtype,
        );
      await keys.insertMany([
        { _id: 1, key: key(1) },
        { _id: 2, key: key(2) },
        { _id: 3, key: key(3, 5) },
        { _id: 4, key: [key(4), 'text'] },
      ]);
      expect(await keys.countDocuments({ key: { $in: [key(1), key(3), key(4)] } })).toBe(2);
      expect(await keys.countDocuments({ key: { $in: [key(3, 5), 'text'] } })).toBe(2);
      expect((await keys.find({ key: { $in: [key(2), key(9)] } }).toArray()).map((doc) => doc._id)).toEqual([2]);
    });
  });
});
