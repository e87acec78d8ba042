import { compareStrings } from '../bson/compare.js';
import { bsonType, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, failedToParse, MongoCommandError, typeMismatch } from '../errors.js';

/**
 * Parsing and validation of an update-operator document, before any document is touched: unknown operators,
 * malformed arguments, empty path components and conflicting paths are refused with MongoDB's codes.
 */

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$setOnInsert',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$bit',
]);

/** One operator applied to one path, e.g. `$set` of `grades.$.std`. */
export interface Modification {
  operator: string;
  /** The path as written (for messages) and its components. */
  path: string;
  parts: string[];
  value: unknown;
  /** `$rename` only: the target path's components. */
  to?: string[];
}

export const isArrayIndex = (part: string) => /^\d+$/.test(part);

/** `$`, `$[]` or `$[identifier]`: every other component, `$`-prefixed or not, is a field name (MongoDB 5.0+). */
export const isPositional = (part: string) => part === '$' || /^\$\[[^\]]*\]$/.test(part);

/** The array-filter identifier of `$[id]` (undefined for `$` and `$[]`). */
export const filterIdentifier = (part: string) => (part.length > 3 && part.startsWith('$[') ? part.slice(2, -1) : undefined);

function emptyFieldName(message: string): MongoCommandError {
  return new MongoCommandError(56, 'EmptyFieldName', message);
}

function parsePath(path: string): string[] {
  if (path === '') throw emptyFieldName('An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.some((part) => part === '')) {
    throw emptyFieldName(`The update path '${path}' contains an empty field name, which is not allowed.`);
  }
  if (parts.filter((part) => part === '$').length > 1) {
    throw badValue(`Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  return parts;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'double') : (bsonType(value) ?? typeof value);
}

const isNumeric = (value: unknown) =>
  typeof value === 'number' || ['Long', 'Int32', 'Double', 'Decimal128'].includes(bsonType(value) ?? '');

function checkArgument(operator: string, path: string, value: unknown): void {
  switch (operator) {
    case '$inc':
    case '$mul':
      if (!isNumeric(value)) {
        throw typeMismatch(
          `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${String(value)}}`,
        );
      }
      return;
    case '$pop':
      if (value !== 1 && value !== -1) throw failedToParse(`$pop expects 1 or -1, found: ${String(value)}`);
      return;
    case '$pullAll':
      if (!Array.isArray(value)) throw badValue(`$pullAll requires an array argument but was given a ${typeName(value)}`);
      return;
    case '$push':
    case '$addToSet':
      if (isPlainObject(value) && '$each' in value && !Array.isArray(value.$each)) {
        throw badValue(`The argument to $each in ${operator} must be an array but it was of type: ${typeName(value.$each)}`);
      }
      return;
    case '$currentDate': {
      const ok = typeof value === 'boolean' || (isPlainObject(value) && (value.$type === 'date' || value.$type === 'timestamp'));
      if (!ok)
        throw badValue(
          `${typeName(value)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
        );
      return;
    }
    case '$bit':
      if (!isPlainObject(value) || Object.keys(value).length === 0) {
        throw badValue(
          `The $bit modifier is not compatible with a ${typeName(value)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
        );
      }
      for (const [op, operand] of Object.entries(value)) {
        if (op !== 'and' && op !== 'or' && op !== 'xor') {
          throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator`);
        }
        if (typeof operand !== 'number' || !Number.isInteger(operand)) {
          throw badValue(`The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here`);
        }
      }
  }
}

function parseRename(path: string, parts: string[], value: unknown): string[] {
  if (typeof value !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${path}: ${String(value)}`);
  if (value === path) throw badValue(`The source and target field for $rename must differ: ${path}: ${JSON.stringify(value)}`);
  const to = parsePath(value);
  if (parts.some(isPositional)) throw badValue(`The source field for $rename may not be dynamic: ${path}`);
  if (to.some(isPositional)) throw badValue(`The destination field for $rename may not be dynamic: ${value}`);
  if (isPrefix(parts, to) || isPrefix(to, parts)) {
    throw badValue(`The source and target field for $rename must not be on the same path: ${path}: ${JSON.stringify(value)}`);
  }
  return to;
}

function isPrefix(shorter: string[], longer: string[]): boolean {
  return shorter.length <= longer.length && shorter.every((part, i) => part === longer[i]);
}

/** MongoDB 5.0+ applies updates in field-name order, numeric names in numeric order. */
function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (isArrayIndex(x) && isArrayIndex(y)) return x.length - y.length || compareStrings(x, y);
    return compareStrings(x, y);
  }
  return a.length - b.length;
}

/** Every path an update touches; two that are equal or one inside the other is 40 ConflictingUpdateOperators. */
function checkConflicts(paths: string[][]): void {
  const sorted = [...paths].sort(compareParts);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as string[];
    const b = sorted[i + 1] as string[];
    if (isPrefix(a, b)) {
      throw new MongoCommandError(
        40,
        'ConflictingUpdateOperators',
        `Updating the path '${b.join('.')}' would create a conflict at '${a.join('.')}'`,
      );
    }
  }
}

/** Parse an operator update into modifications in the order MongoDB applies them. */
export function parseModifications(update: Doc): Modification[] {
  const modifications: Modification[] = [];
  const touched: string[][] = [];
  for (const [operator, args] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw failedToParse(
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(args)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeName(args)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${String(args)}}`,
      );
    }
    for (const [path, value] of Object.entries(args)) {
      const parts = parsePath(path);
      checkArgument(operator, path, value);
      const modification: Modification = { operator, path, parts, value };
      touched.push(parts);
      if (operator === '$rename') {
        modification.to = parseRename(path, parts, value);
        touched.push(modification.to);
      }
      modifications.push(modification);
    }
  }
  checkConflicts(touched);
  return modifications.sort((a, b) => compareParts(a.parts, b.parts));
}

/** The `$[identifier]`s an update uses. */
export function usedIdentifiers(modifications: Modification[]): Set<string> {
  const used = new Set<string>();
  for (const { parts } of modifications) {
    for (const part of parts) {
      const id = filterIdentifier(part);
      if (id !== undefined) used.add(id);
    }
  }
  return used;
}
