import { isPlainObject, type Doc } from '../bson/types.js';

/** A filter's answer for one document: matched, not matched, or undecided here (the general matcher answers). */
export type QuickAnswer = boolean | undefined;

type Primitive = string | number | boolean;

function isPrimitiveOperand(value: unknown): value is Primitive {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/**
 * One stored value against an equality operand of the same JavaScript type: a value of another type never equals
 * it in MongoDB (equality stays inside a BSON type bracket), except the bracket's members JavaScript shows as
 * objects (Long, Int32, Double, Decimal128 for numbers; BSONSymbol for strings): undecided.
 */
function equalsValue(value: unknown, operand: Primitive): QuickAnswer {
  if (typeof value === typeof operand) return value === operand;
  if (value !== null && typeof value === 'object' && '_bsontype' in value) return undefined;
  return false;
}

/** `{ field: operand }`: the field's value, or one element of its array (one level, as MongoDB reads it). */
function fieldEquals(doc: Doc, field: string, operand: Primitive): QuickAnswer {
  if (!Object.hasOwn(doc, field)) return false;
  const value: unknown = doc[field];
  if (!Array.isArray(value)) return equalsValue(value, operand);
  let answer: QuickAnswer = false;
  for (const element of value) {
    const one = equalsValue(element, operand);
    if (one === true) return true;
    if (one === undefined) answer = undefined;
  }
  return answer;
}

/**
 * A test for the commonest filters — top-level equalities on strings, numbers (not NaN) or booleans, `{}` included —
 * without compiling them with mingo (per command, mingo copies its whole operator registry before compiling,
 * ADR 155). Undefined for any other filter (operators, dotted paths, other operand types, an empty field name or
 * one an object inherits). The test answers undefined for a document it cannot decide (a numeric BSON class, a symbol); the
 * caller then asks the general matcher, so every answer is the general matcher's.
 */
export function simpleEquality(filter: Doc): ((doc: Doc) => QuickAnswer) | undefined {
  if (!isPlainObject(filter)) return undefined;
  const fields = Object.keys(filter);
  const operands: Primitive[] = [];
  for (const field of fields) {
    const operand: unknown = filter[field];
    if (
      field === '' ||
      field.startsWith('$') ||
      field.includes('.') ||
      field in Object.prototype ||
      !isPrimitiveOperand(operand)
    ) {
      return undefined;
    }
    operands.push(operand);
  }
  return (doc) => {
    let answer: QuickAnswer = true;
    for (let i = 0; i < fields.length; i++) {
      const one = fieldEquals(doc, fields[i] as string, operands[i] as Primitive);
      if (one === false) return false;
      if (one === undefined) answer = undefined;
    }
    return answer;
  };
}
