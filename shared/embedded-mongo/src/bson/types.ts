import type { Document } from 'bson';

export type Doc = Document;

/** The `_bsontype` tag the bson library puts on its value classes (ObjectId, Long, Decimal128, …). */
export function bsonType(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && '_bsontype' in value) {
    return (value as { _bsontype: string })._bsontype;
  }
  return undefined;
}

/**
 * The BSON type name of a value JavaScript itself tells apart (array, date, regex, string, bool); undefined for
 * null, numbers (whose int/double reading depends on the caller) and everything else.
 */
export function nativeTypeName(value: unknown): string | undefined {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return undefined;
}

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** MongoDB's canonical type order for comparisons across types (null and missing rank the same). */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  switch (bsonType(value)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 100;
    default:
      // Plain objects, DBRef and any other embedded document.
      return 5;
  }
}

/** A field's own value: never the prototype's (`__proto__` is a field name like any other in a document). */
export function ownField(doc: object, name: string): unknown {
  return Object.hasOwn(doc, name) ? (doc as Doc)[name] : undefined;
}

/**
 * Set a field. `__proto__` is defined as an own field: assigning it would call the prototype setter, which
 * drops the field and changes the object's prototype (the way to prototype pollution).
 */
export function setOwnField(doc: Doc, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(doc, name, { value, writable: true, enumerable: true, configurable: true });
  else doc[name] = value;
}

/** Deep copy of a document: plain objects, arrays and dates are copied; bson value classes are immutable and shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneValue(v)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const key of Object.keys(value)) setOwnField(out, key, cloneValue(value[key]));
    return out as T;
  }
  return value;
}
