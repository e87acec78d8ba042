/**
 * A copy of a document as the store hands it back: what `BSON.deserialize(BSON.serialize(doc, { ignoreUndefined:
 * false }))` returns, without encoding it. The hand-over to in-process chain consumers (`AppendedChainEntries.of`,
 * ADR 104) must give them exactly what a chain read would; the round trip through BSON did that for every event of
 * every batch and was the largest cost of activity-logs' publish step (~24 µs per event, ADR 156's review).
 *
 * Only values whose round trip is known are copied here — strings without a lone surrogate (BSON's UTF-8 would
 * replace it), numbers, booleans, null, undefined (stored as null), valid Dates, ObjectIds, plain objects and arrays
 * of those; anything else (a Buffer, a Map, a lone surrogate, a `__proto__` key, an object that serialises itself,
 * deep nesting) answers `null` and the caller takes the round trip. `as-stored.test.ts` compares both over generated
 * documents.
 */
import type { ObjectId } from 'mongodb';

/** Past this depth the round trip decides (metadata is shallow; this only bounds the recursion). */
const MAX_DEPTH = 32;
/** A UTF-16 surrogate not paired with its other half: BSON's UTF-8 encoding turns it into U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The document as a store read returns it, or null when only the BSON round trip can tell. */
export function asStored(doc: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const copy = copyValue(doc, 0);
  return copy === UNKNOWN ? null : (copy as Record<string, unknown>);
}

const UNKNOWN = Symbol('unknown round trip');

function copyValue(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? UNKNOWN : value;
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return depth >= MAX_DEPTH ? UNKNOWN : copyObject(value, depth + 1);
    default:
      return UNKNOWN;
  }
}

function copyObject(value: object, depth: number): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    // Indexes, not iteration helpers: a hole is written as null like undefined is.
    for (let index = 0; index < value.length; index += 1) {
      const item = copyValue(value[index], depth);
      if (item === UNKNOWN) return UNKNOWN;
      copy[index] = item;
    }
    return copy;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? UNKNOWN : new Date(value.getTime());
  if (isObjectId(value)) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return UNKNOWN;
  if ('toBSON' in value || '_bsontype' in value) return UNKNOWN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key.includes('\0') || LONE_SURROGATE.test(key)) return UNKNOWN;
    const item = copyValue((value as Record<string, unknown>)[key], depth);
    if (item === UNKNOWN) return UNKNOWN;
    copy[key] = item;
  }
  return copy;
}

/** An ObjectId comes back as an equal ObjectId; it is never changed in place, so the same one stands for it. */
function isObjectId(value: object): value is ObjectId {
  return (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}
