import { Long, Timestamp } from 'bson';
import { compareValues, valuesEqual } from '../bson/compare.js';
import { keyOf } from '../bson/key.js';
import { bsonType, cloneValue, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError, typeMismatch } from '../errors.js';
import { compileFilter, matches } from './filter.js';
import { parseSort, sortDocuments } from './sort.js';
import { bsonTypeName } from './update-paths.js';
import { concretePaths, read, remove, targetOf, write, type TargetContext } from './update-targets.js';
import type { Modification } from './update-spec.js';

/** What applying one update needs besides the document. */
export interface ApplyContext extends TargetContext {
  /** The document is being inserted by an upsert (insert rules for field names; `$setOnInsert` applies). */
  inserting: boolean;
}

const CREATING = new Set([
  '$set',
  '$setOnInsert',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$bit',
  '$rename',
]);

/** Apply parsed modifications, in order, to `doc` (a private copy, changed in place). */
export function applyModifications(doc: Doc, modifications: Modification[], ctx: ApplyContext): void {
  for (const modification of modifications) {
    if (modification.operator === '$setOnInsert' && !ctx.inserting) continue;
    if (modification.operator === '$rename') {
      rename(doc, modification, ctx);
      continue;
    }
    for (const parts of concretePaths(doc, modification, ctx)) apply(doc, modification, parts, ctx);
  }
}

/**
 * MongoDB 5.0+ stores `$`-prefixed field names, but an update of an existing document may not create or
 * replace a top-level one (an upsert's insert may): 52 DollarPrefixedFieldName.
 */
function checkTopLevelDollar(doc: Doc, parts: string[], ctx: ApplyContext): void {
  const top = parts[0] as string;
  if (ctx.inserting || !top.startsWith('$')) return;
  if (parts.length === 1 || !Object.hasOwn(doc, top)) {
    throw new MongoCommandError(
      52,
      'DollarPrefixedFieldName',
      `The dollar ($) prefixed field '${top}' in '${parts.join('.')}' is not valid for storage.`,
    );
  }
}

function apply(doc: Doc, modification: Modification, parts: string[], ctx: ApplyContext): void {
  const { operator, value } = modification;
  const creating = CREATING.has(operator);
  if (creating) checkTopLevelDollar(doc, parts, ctx);
  const target = targetOf(doc, parts, creating, ctx.own);
  if (!target) return;
  const { parent, field } = target;
  const current = read(parent, field);
  const path = parts.join('.');
  switch (operator) {
    case '$set':
    case '$setOnInsert':
      write(parent, field, cloneValue(value));
      return;
    case '$unset':
      remove(parent, field);
      return;
    case '$inc':
    case '$mul':
      write(parent, field, arithmetic(operator, current, value as number, field, doc));
      return;
    case '$min':
    case '$max': {
      const c = current === undefined ? 0 : compareValues(value, current);
      if (current === undefined || (operator === '$min' ? c < 0 : c > 0)) write(parent, field, cloneValue(value));
      return;
    }
    case '$currentDate':
      write(
        parent,
        field,
        isPlainObject(value) && value.$type === 'timestamp'
          ? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 })
          : new Date(),
      );
      return;
    case '$bit':
      write(parent, field, bitwise(current, value as Doc, field, doc));
      return;
    default:
      if (current === undefined && operator !== '$push' && operator !== '$addToSet') return;
      write(parent, field, arrayOperator(operator, current, value, path, doc));
  }
}

function arithmetic(operator: string, current: unknown, operand: number, field: string, doc: Doc): unknown {
  if (typeof operand !== 'number')
    throw badValue(`${operator} with a ${bsonType(operand) ?? typeof operand} argument is not supported by this server`);
  if (current === undefined) return operator === '$inc' ? operand : 0;
  if (typeof current === 'number') return operator === '$inc' ? current + operand : current * operand;
  if (['Long', 'Decimal128'].includes(bsonType(current) ?? '')) {
    throw badValue(`${operator} on a ${bsonType(current)} value beyond 2^53 is not supported by this server`);
  }
  throw typeMismatch(
    `Cannot apply ${operator} to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${field}' of non-numeric type ${bsonTypeName(current)}`,
  );
}

function bitwise(current: unknown, ops: Doc, field: string, doc: Doc): unknown {
  if (current !== undefined && !(typeof current === 'number' && Number.isInteger(current))) {
    throw typeMismatch(
      `Cannot apply $bit to a value of non-integral type.{_id: ${String(doc._id)}} has the field ${field} of non-integer type ${bsonTypeName(current)}`,
    );
  }
  let result = BigInt(current ?? 0);
  for (const [op, operand] of Object.entries(ops)) {
    const n = BigInt(operand as number);
    result = BigInt.asIntN(64, op === 'and' ? result & n : op === 'or' ? result | n : result ^ n);
  }
  return result >= BigInt(Number.MIN_SAFE_INTEGER) && result <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(result)
    : Long.fromBigInt(result);
}

function notArray(operator: string, path: string, current: unknown, doc: Doc): MongoCommandError {
  if (operator === '$pop') return typeMismatch(`Path '${path}' contains an element of non-array type '${bsonTypeName(current)}'`);
  if (operator === '$pull' || operator === '$pullAll') return badValue(`Cannot apply ${operator} to a non-array value`);
  return badValue(
    `The field '${path}' must be an array but is of type ${bsonTypeName(current)} in document {_id: ${String(doc._id)}}`,
  );
}

/**
 * The element keys (keyOf, one per element, in order) of arrays `$addToSet` produced, and of arrays `$push` made
 * from those without `$sort` (alerts trim their lists with `$push: { $each: [], $slice }`). Such an array is stored
 * as it is and never changed afterwards (updates copy the containers they write to), so the next `$addToSet` on it
 * starts from its keys instead of keying every element again: a growing list (an alert's evidence) cost a key per
 * element per join (ADR 155).
 */
const elementKeys = new WeakMap<unknown[], string[]>();

function arrayOperator(operator: string, current: unknown, value: unknown, path: string, doc: Doc): unknown[] {
  if (current !== undefined && !Array.isArray(current)) throw notArray(operator, path, current, doc);
  const array = (current as unknown[] | undefined) ?? [];
  switch (operator) {
    case '$push':
      return push(array, value);
    case '$addToSet': {
      const items = isPlainObject(value) && '$each' in value ? (value.$each as unknown[]) : [value];
      // Equal values share one key (keyOf), so membership is a set lookup: linear in the array and the items,
      // where comparing each item with every element grew with their product (an alert's evidence list, ADR 114).
      const out = [...array];
      const keys = [...(elementKeys.get(array) ?? array.map(keyOf))];
      const present = new Set(keys);
      for (const item of items) {
        const key = keyOf(item);
        if (present.has(key)) continue;
        present.add(key);
        out.push(cloneValue(item));
        keys.push(key);
      }
      elementKeys.set(out, keys);
      return out;
    }
    case '$pop':
      return value === 1 ? array.slice(0, -1) : array.slice(1);
    case '$pullAll':
      return array.filter((element) => !(value as unknown[]).some((item) => valuesEqual(element, item)));
    default: {
      const remove = pullMatcher(value);
      return array.filter((element) => !remove(element));
    }
  }
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badValue(`The value for ${what} must be an integer value but was given type: ${bsonTypeName(value)}`);
  }
  return value;
}

const PUSH_MODIFIERS = new Set(['$each', '$slice', '$sort', '$position']);

/**
 * `$push` of a value, or `$each` with `$position`, then `$sort`, then `$slice` (MongoDB's order). When the array's
 * element keys are kept and there is no `$sort`, the same steps on its keys give the result's.
 */
function push(array: unknown[], value: unknown): unknown[] {
  const known = elementKeys.get(array);
  if (!(isPlainObject(value) && '$each' in value)) {
    const out = [...array, cloneValue(value)];
    if (known) elementKeys.set(out, [...known, keyOf(value)]);
    return out;
  }
  for (const key of Object.keys(value)) if (!PUSH_MODIFIERS.has(key)) throw badValue(`Unrecognized clause in $push: ${key}`);
  const items = (value.$each as unknown[]).map((item) => cloneValue(item));
  const out = [...array];
  const keys = known && value.$sort === undefined ? [...known] : undefined;
  const itemKeys = keys ? items.map(keyOf) : [];
  if (value.$position === undefined) {
    out.push(...items);
    keys?.push(...itemKeys);
  } else {
    const position = integer(value.$position, '$position');
    const at = position < 0 ? Math.max(0, out.length + position) : Math.min(position, out.length);
    out.splice(at, 0, ...items);
    keys?.splice(at, 0, ...itemKeys);
  }
  if (value.$sort !== undefined) sortElements(out, value.$sort);
  let result = out;
  if (value.$slice !== undefined) {
    const slice = integer(value.$slice, '$slice');
    const [from, to] = slice >= 0 ? [0, slice] : [Math.max(0, out.length + slice), out.length];
    result = out.slice(from, to);
    if (keys) elementKeys.set(result, keys.slice(from, to));
  } else if (keys) {
    elementKeys.set(result, keys);
  }
  return result;
}

function sortElements(array: unknown[], sort: unknown): void {
  if (sort === 1 || sort === -1) {
    const direction = sort;
    const sorted = array.map((v, i) => ({ v, i })).sort((a, b) => direction * compareValues(a.v, b.v) || a.i - b.i);
    sorted.forEach(({ v }, i) => (array[i] = v));
    return;
  }
  const spec = isPlainObject(sort) ? parseSort(sort) : undefined;
  if (!spec) throw badValue('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  const sorted = sortDocuments(array.map((v) => (isPlainObject(v) ? v : {})) as Doc[], spec);
  const order = new Map(array.map((v, i) => [isPlainObject(v) ? v : {}, i]));
  const original = [...array];
  sorted.forEach((doc, i) => (array[i] = original[order.get(doc) as number]));
}

/**
 * Which elements `$pull` removes, as MongoDB decides: a document whose first field is not a query operator is a
 * query on document elements (`{ $or: [...] }`, `{ score: 8 }`); an operator document or a regex is a query on
 * the element itself (`{ $gte: 6 }`); anything else removes equal elements.
 */
function pullMatcher(condition: unknown): (element: unknown) => boolean {
  const first = isPlainObject(condition) ? Object.keys(condition)[0] : undefined;
  const logical = first === '$and' || first === '$or' || first === '$nor' || first === '$expr' || first === '$comment';
  if (isPlainObject(condition) && !(first?.startsWith('$') && !logical)) {
    const query = compileFilter(condition);
    return (element) => isPlainObject(element) && matches(query, element);
  }
  if (isPlainObject(condition) || condition instanceof RegExp || bsonType(condition) === 'BSONRegExp') {
    const query = compileFilter({ v: condition });
    return (element) => matches(query, { v: element });
  }
  return (element) => valuesEqual(element, condition);
}

/** `$rename`: move the value (if any) from the source path to the target path; arrays on the way are refused. */
function rename(doc: Doc, modification: Modification, ctx: ApplyContext): void {
  const to = modification.to as string[];
  const throughArray = (parts: string[]) =>
    parts.slice(0, -1).some((_, i) => Array.isArray(readPath(doc, parts.slice(0, i + 1))));
  if (throughArray(modification.parts)) {
    throw badValue(
      `The source field cannot be an array element, '${modification.path}' in doc with _id: ${String(doc._id)} has an array field`,
    );
  }
  const source = targetOf(doc, modification.parts, false, ctx.own);
  const value = source ? read(source.parent, source.field) : undefined;
  if (value === undefined) return;
  if (throughArray(to)) {
    throw badValue(
      `The destination field cannot be an array element, '${to.join('.')}' in doc with _id: ${String(doc._id)} has an array field`,
    );
  }
  checkTopLevelDollar(doc, to, ctx);
  remove((source as NonNullable<typeof source>).parent, (source as NonNullable<typeof source>).field);
  const target = targetOf(doc, to, true, ctx.own) as NonNullable<ReturnType<typeof targetOf>>;
  write(target.parent, target.field, value);
}

function readPath(doc: Doc, parts: string[]): unknown {
  const target = targetOf(doc, parts, false);
  return target ? read(target.parent, target.field) : undefined;
}
