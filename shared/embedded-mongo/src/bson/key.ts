import { ObjectId, type Binary, type BSONRegExp, type Timestamp } from 'bson';
import { numericKey } from './compare.js';
import { bsonType, isPlainObject } from './types.js';

/**
 * A string that is equal for values MongoDB considers equal: the key of hash indexes, `_id` lookups, group
 * keys and "did this update change the document". Numbers of all BSON types share one form so that 1, 1.0,
 * Long(1) and Decimal128("1") collide.
 *
 * Every part is self-delimiting (strings and names carry their length, numbers end with `;`), so nested
 * values are appended as they are, never escaped again: the key is built in one pass, linear in the size of
 * the value. (Quoting each child's key inside its parent's, as before, doubled the escapes at every level.)
 */
export function keyOf(value: unknown): string {
  // Most keys are one string (an id, a tenant, a type) or an ObjectId: the same key in one concatenation, without
  // the parts list (index upkeep asks for several keys per stored document).
  if (typeof value === 'string') return 's' + sized(value);
  if (value instanceof ObjectId) return 'o' + value.toHexString();
  const parts: string[] = [];
  append(value, parts);
  return parts.join('');
}

/**
 * `keyOf(a) === keyOf(b)`, without building either key: documents and arrays are walked side by side and the walk
 * stops at the first difference; only other values (numbers, dates, BSON types) are keyed. "Did this update change
 * the document" asks it of every updated document, whole (ADR 115).
 */
export function sameKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!sameKey(a[index], b[index])) return false;
    return true;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const names = Object.keys(a);
    const others = Object.keys(b);
    if (names.length !== others.length) return false;
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] as string;
      if (name !== others[index] || !sameKey(a[name], b[name])) return false;
    }
    return true;
  }
  if (typeof a === 'string' || typeof b === 'string') return false;
  return keyOf(a) === keyOf(b);
}

const sized = (text: string) => text.length + ':' + text;

function append(value: unknown, out: string[]): void {
  if (value === undefined || value === null) {
    out.push('z');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push('s', sized(value));
      return;
    case 'number':
    case 'bigint':
      out.push('n', numericKey(value), ';');
      return;
    case 'boolean':
      out.push(value ? 'b1' : 'b0');
      return;
  }
  if (Array.isArray(value)) {
    out.push('A', String(value.length), '[');
    for (const element of value) append(element, out);
    out.push(']');
    return;
  }
  if (value instanceof Date) {
    out.push('d', String(value.getTime()), ';');
    return;
  }
  if (value instanceof RegExp) {
    out.push('r', sized(value.source), sized(value.flags));
    return;
  }
  if (isPlainObject(value)) {
    appendFields(value, out);
    return;
  }
  const type = bsonType(value);
  switch (type) {
    case 'ObjectId':
      out.push('o', (value as ObjectId).toHexString());
      return;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      out.push('n', numericKey(value), ';');
      return;
    case 'Binary': {
      const bin = value as Binary;
      out.push('B', String(bin.sub_type), ':', Buffer.from(bin.buffer.subarray(0, bin.position)).toString('base64'), ';');
      return;
    }
    case 'Timestamp':
      out.push('t', (value as Timestamp).toString(), ';');
      return;
    case 'MinKey':
      out.push('m-');
      return;
    case 'MaxKey':
      out.push('m+');
      return;
    case 'BSONRegExp':
      out.push('r', sized((value as BSONRegExp).pattern), sized((value as BSONRegExp).options));
      return;
    default:
      // DBRef, Code, BSONSymbol, …: their type and their own fields.
      out.push('x', sized(type ?? 'object'));
      appendFields(value as Record<string, unknown>, out);
  }
}

function appendFields(value: Record<string, unknown>, out: string[]): void {
  const names = Object.keys(value);
  out.push('O', String(names.length), '{');
  for (const name of names) {
    out.push(sized(name));
    append(value[name], out);
  }
  out.push('}');
}
