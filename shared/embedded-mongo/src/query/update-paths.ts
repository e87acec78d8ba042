import { bsonType, isPlainObject, nativeTypeName, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError, typeMismatch } from '../errors.js';

/**
 * Checks mingo does not make: MongoDB refuses an update whose path runs through a scalar (28
 * PathNotViable) or whose array operator targets a non-array, where mingo would silently do nothing.
 */

const CREATING = new Set(['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max', '$currentDate', '$push', '$addToSet', '$bit']);

export function bsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const native = nativeTypeName(value);
  if (native !== undefined) return native;
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (isPlainObject(value)) return 'object';
  const tag = bsonType(value);
  return tag === 'ObjectId' ? 'objectId' : (tag ?? 'object').toLowerCase();
}

function describe(field: string, value: unknown): string {
  return `{${field}: ${typeof value === 'string' ? JSON.stringify(value) : bsonTypeName(value)}}`;
}

function checkPath(doc: Doc, operator: string, path: string): void {
  if (path.includes('$')) return; // positional paths are resolved against arrays by mingo
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    let next: unknown;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) {
        if (CREATING.has(operator)) {
          throw new MongoCommandError(
            28,
            'PathNotViable',
            `Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: array}`,
          );
        }
        return;
      }
      next = node[Number(part)];
    } else if (isPlainObject(node)) {
      next = node[part];
    } else {
      return;
    }
    if (next === undefined) return;
    if (!isPlainObject(next) && !Array.isArray(next)) {
      if (CREATING.has(operator)) {
        throw new MongoCommandError(
          28,
          'PathNotViable',
          `Cannot create field '${parts[i + 1]}' in element ${describe(part, next)}`,
        );
      }
      return;
    }
    node = next;
  }
  const last = parts[parts.length - 1] as string;
  if (Array.isArray(node) && !/^\d+$/.test(last) && CREATING.has(operator)) {
    throw new MongoCommandError(
      28,
      'PathNotViable',
      `Cannot create field '${last}' in element {${parts[parts.length - 2] ?? ''}: array}`,
    );
  }
  const current = Array.isArray(node)
    ? /^\d+$/.test(last)
      ? node[Number(last)]
      : undefined
    : isPlainObject(node)
      ? node[last]
      : undefined;
  if (current === undefined) return;
  if ((operator === '$push' || operator === '$addToSet') && !Array.isArray(current)) {
    throw badValue(
      `The field '${path}' must be an array but is of type ${bsonTypeName(current)} in document {_id: ${String(doc._id)}}`,
    );
  }
  if (operator === '$pop' && !Array.isArray(current)) {
    throw typeMismatch(`Path '${path}' contains an element of non-array type '${bsonTypeName(current)}'`);
  }
  if ((operator === '$pull' || operator === '$pullAll') && !Array.isArray(current)) {
    throw badValue(`Cannot apply ${operator} to a non-array value`);
  }
}

export function checkUpdatePaths(doc: Doc, operators: Doc): void {
  for (const [operator, args] of Object.entries(operators)) {
    if (!isPlainObject(args)) continue;
    for (const [path, value] of Object.entries(args)) {
      checkPath(doc, operator, path);
      if (operator === '$rename') {
        if (typeof value !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${path}: ${String(value)}`);
        checkPath(doc, '$set', value);
      }
    }
  }
}
