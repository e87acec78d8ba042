import { isPlainObject, setOwnField, type Doc } from './types.js';

/**
 * mingo (projections, aggregation stages, pipeline updates) copies documents by assignment, which silently drops
 * an own field named `__proto__`. Around those calls such fields are renamed to a name no client can send (BSON
 * field names cannot contain NUL) and renamed back afterwards. The walk only runs once some request has carried
 * the bytes `__proto__` (checked on the raw message), so ordinary traffic pays nothing.
 */
const PROTO = '__proto__';
const HIDDEN = '\u0000__proto__';
const PROTO_BYTES = Buffer.from(PROTO);

let seen = false;

/** Called with each request's raw BSON: remembers whether any request mentioned `__proto__`. */
export function noteProtoFields(raw: Uint8Array): void {
  if (!seen && Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf(PROTO_BYTES) >= 0) seen = true;
}

/** A copy with field `from` renamed to `to` at any depth; the value itself when there is none (one pass). */
function rename<T>(value: T, from: string, to: string): T {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((element: unknown) => {
      const next = rename(element, from, to);
      changed ||= next !== element;
      return next;
    });
    return (changed ? out : value) as T;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  let changed = false;
  const values = keys.map((key) => {
    const next = rename(value[key], from, to);
    changed ||= key === from || next !== value[key];
    return next;
  });
  if (!changed) return value;
  const out: Doc = {};
  keys.forEach((key, i) => setOwnField(out, key === from ? to : key, values[i]));
  return out as T;
}

/** `__proto__` fields renamed so mingo keeps them (the same value when there are none). */
export function hideProtoFields<T>(docs: T): T {
  return seen ? rename(docs, PROTO, HIDDEN) : docs;
}

/** The inverse of `hideProtoFields`. */
export function restoreProtoFields<T>(docs: T): T {
  return seen ? rename(docs, HIDDEN, PROTO) : docs;
}
