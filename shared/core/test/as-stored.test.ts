/**
 * `asStored` must answer exactly what the BSON round trip answers (the hand-over's promise: what a chain read
 * returns), or null so that the caller takes the round trip. Compared over generated documents, key order, -0 and
 * the types of every value included.
 */
import { BSON, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { asStored } from '../src/events/as-stored.js';

const roundTrip = (doc: Record<string, unknown>): Record<string, unknown> =>
  BSON.deserialize(BSON.serialize(doc, { ignoreUndefined: false }));

/** Deep equality that also checks key order, Object.is for numbers (-0, NaN) and each value's prototype. */
function sameAsStored(actual: unknown, expected: unknown, path = '$'): string | null {
  if (typeof expected !== 'object' || expected === null) {
    return Object.is(actual, expected) ? null : `${path}: ${String(actual)} ≠ ${String(expected)}`;
  }
  if (typeof actual !== 'object' || actual === null) return `${path}: not an object`;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${path}: another kind of object`;
  if (expected instanceof Date) return (actual as Date).getTime() === expected.getTime() ? null : `${path}: date`;
  if (expected instanceof ObjectId) return (actual as ObjectId).equals(expected) ? null : `${path}: id`;
  const keys = Object.keys(expected);
  if (Object.keys(actual).join('\u0001') !== keys.join('\u0001')) return `${path}: keys ${Object.keys(actual)} ≠ ${keys}`;
  for (const key of keys) {
    const difference = sameAsStored(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (difference) return difference;
  }
  return null;
}

/** A small deterministic generator (the same documents on every run). */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const strings = ['', 'plain', 'ünïcödé', 'emoji 🔐', 'lone \ud800 high', 'lone \udc00 low', 'quote "x"', 'a.b', '$set'];
  const numbers = [0, -0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, Number.NaN, Infinity, -Infinity];
  const keys = ['a', 'b', '1', '0', 'z', '$op', 'dotted.key', 'émoji🔐', '__proto__', 'lone\ud800'];
  const value = (depth: number): unknown => {
    const kind = pick(
      depth > 3 ? ['s', 'n', 'b', 'null', 'undef'] : ['s', 'n', 'b', 'null', 'undef', 'date', 'arr', 'obj', 'id', 'odd'],
    );
    switch (kind) {
      case 's':
        return pick(strings);
      case 'n':
        return pick(numbers);
      case 'b':
        return next() < 0.5;
      case 'null':
        return null;
      case 'undef':
        return undefined;
      case 'date':
        return next() < 0.1 ? new Date(Number.NaN) : new Date(Math.floor(next() * 4e12));
      case 'id':
        return new ObjectId();
      case 'arr': {
        const items = Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
        if (next() < 0.2) items.length += 1; // a hole at the end
        return items;
      }
      case 'obj':
        return object(depth + 1);
      default:
        return pick([Buffer.from('xy'), new Map([['k', 1]]), { toBSON: () => ({ x: 1 }) }]);
    }
  };
  const object = (depth: number): Record<string, unknown> => {
    const doc: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i -= 1) {
      const key = pick(keys);
      if (key === '__proto__')
        Object.defineProperty(doc, key, { value: value(depth), enumerable: true, writable: true, configurable: true });
      else doc[key] = value(depth);
    }
    return doc;
  };
  return object;
}

describe('asStored', () => {
  it('answers what the BSON round trip answers, or null, over 5,000 generated documents', () => {
    const documents = generator(7);
    let copied = 0;
    for (let i = 0; i < 5_000; i += 1) {
      const doc = documents(0);
      const copy = asStored(doc);
      if (copy === null) continue;
      copied += 1;
      expect(sameAsStored(copy, roundTrip(doc))).toBeNull();
    }
    // The fast path must carry most documents, or it is not the path the hand-over takes.
    expect(copied).toBeGreaterThan(1_000);
  });

  it('copies an activity event as a chain read returns it, and shares nothing with it', () => {
    const doc = {
      _id: new ObjectId(),
      tenantId: 't-1',
      sequence: 7,
      hash: 'ab'.repeat(32),
      accountId: 'acc-1',
      type: 'user.authentication.failed',
      outcome: 'FAILURE',
      occurredAt: new Date('2026-12-01T10:00:00Z'),
      actor: { type: 'CUSTOMER', id: undefined },
      geo: { country: 'DE', city: null, lat: -0, lon: 13.4 },
      metadata: { reason: 'bad password', attempts: [1, undefined, 3], nested: { deep: true } },
    };
    const copy = asStored(doc)!;
    expect(sameAsStored(copy, roundTrip(doc))).toBeNull();
    expect(copy.metadata).not.toBe(doc.metadata);
    expect((copy.metadata as { nested: object }).nested).not.toBe(doc.metadata.nested);
    expect(copy.occurredAt).not.toBe(doc.occurredAt);
  });

  it('leaves to the round trip what only it can tell', () => {
    for (const odd of ['x\ud800', Buffer.from('x'), new Map(), new Date(Number.NaN), () => 1, 10n]) {
      expect(asStored({ value: odd })).toBeNull();
    }
    expect(asStored({ ['lone\udc00']: 1 })).toBeNull();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 40; i += 1) deep = { deep };
    expect(asStored(deep)).toBeNull();
  });
});
