import { createRequire } from 'node:module';
import { Decimal128, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { keyOf, sameKey } from '../src/bson/key.js';

/** An object `depth` levels deep, each level an object holding an array, with quotes and backslashes. */
function nested(depth: number): unknown {
  let node: unknown = { leaf: 'say "hi" \\ bye' };
  for (let level = 0; level < depth; level++) node = { name: 'a"b\\c', items: [node, 'x"y'] };
  return node;
}

describe('keyOf', () => {
  it('keys a lone string or ObjectId as it keys the same value inside a document', () => {
    // The lone string and ObjectId take a shortcut; inside an array they go the general way.
    const id = new ObjectId();
    expect(`A1[${keyOf('acc-1')}]`).toBe(keyOf(['acc-1']));
    expect(`A1[${keyOf(id)}]`).toBe(keyOf([id]));
    // An ObjectId of another copy of the bson library (the driver's CommonJS build) keys alike.
    const { ObjectId: OtherObjectId } = createRequire(import.meta.url)('bson') as { ObjectId: typeof ObjectId };
    const other = new OtherObjectId(id.toHexString());
    expect(other).not.toBeInstanceOf(ObjectId);
    expect(keyOf(other)).toBe(keyOf(id));
    expect(keyOf('')).not.toBe(keyOf(null));
  });

  it('is linear in the size of the value, however deep (no re-escaping per level)', () => {
    const k32 = keyOf(nested(32)).length;
    const k64 = keyOf(nested(64)).length;
    const k128 = keyOf(nested(128)).length;
    // Each level adds the same data, so the key grows by the same amount per level.
    expect(k64 - k32).toBe((k128 - k64) / 2);
    expect(k128).toBeLessThan(128 * 100);
  });

  it('collides for values MongoDB treats as equal and only for those', () => {
    expect(keyOf(1)).toBe(keyOf(1.0));
    expect(keyOf(1)).toBe(keyOf(Long.fromNumber(1)));
    expect(keyOf(1)).toBe(keyOf(Decimal128.fromString('1')));
    expect(keyOf(-0)).toBe(keyOf(0));
    expect(keyOf({ a: [1, { b: 'x' }] })).toBe(keyOf({ a: [Long.fromNumber(1), { b: 'x' }] }));
    const distinct = [
      'a',
      '1',
      1,
      true,
      null,
      [],
      {},
      ['a', 'b'],
      ['ab'],
      ['a,b'],
      { a: 'b' },
      { 'a:': 'b' },
      { a: 'b', c: 'd' },
      { a: 'b,c' },
      [{ a: 1 }, 2],
      [{ a: 12 }],
      's1:a',
      ['s1:a'],
      { x: ['1'] },
      { x: [1] },
      new Date(5),
      5,
      /a/i,
      '/a/i',
    ];
    const keys = distinct.map((v) => keyOf(v));
    expect(new Set(keys).size).toBe(distinct.length);
  });

  it('sameKey(a, b) answers keyOf(a) === keyOf(b) for every pair, nested or not', () => {
    const leaves: unknown[] = ['a', 'b', '1', 1, 1.5, -0, 0, Long.fromNumber(1), Decimal128.fromString('1'), true, false];
    leaves.push(null, undefined, new Date(5), new Date(6), /a/i, [], {}, ['a'], [1, 'a'], ['a', 1]);
    const values: unknown[] = [...leaves];
    // Nestings of the leaves in documents (both field orders) and arrays, so equal keys arise by different routes.
    for (const x of leaves.slice(0, 12)) {
      for (const y of leaves.slice(0, 12)) {
        values.push({ p: x, q: y }, { q: y, p: x }, [x, y], { p: [x, { q: y }] });
      }
    }
    let equalPairs = 0;
    for (const a of values) {
      for (const b of values) {
        const same = keyOf(a) === keyOf(b);
        if (same) equalPairs += 1;
        expect(sameKey(a, b), `${keyOf(a)} vs ${keyOf(b)}`).toBe(same);
      }
    }
    // Not only identical values: 1, Long(1) and Decimal128("1"), null and undefined, -0 and 0 meet.
    expect(equalPairs).toBeGreaterThan(values.length);
  });
});
