import { Context } from 'mingo/core';
import { Query } from 'mingo/query';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Lazy, type Iterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { idFirst, inDocumentOrder } from '../bson/field-order.js';
import { DBREF_FIELDS } from '../bson/dbref.js';
import { dbRefElemMatch } from './dbref-match.js';
import { eq, inList, ordered, SINGLE_ELEMENT, type Predicate } from './comparison.js';
import { nativeTypeName, type Doc } from '../bson/types.js';
import { badValue } from '../errors.js';
import { $avg, $max, $min, $stdDevPop, $stdDevSamp, $sum } from './accumulators.js';
import { parseSort, sortDocuments } from './sort.js';

/**
 * `{ "a.b": null }` matches when the path is missing or null anywhere along it, including array elements
 * that lack the field (mingo's path resolution drops those elements, so it is walked here).
 */
function nullOrMissingAt(node: unknown, parts: string[], at: number): boolean {
  if (node === undefined || node === null) return true;
  if (at === parts.length) return Array.isArray(node) && node.some((v) => v === null || v === undefined);
  const part = parts[at] as string;
  if (Array.isArray(node)) {
    if (/^\d+$/.test(part)) return nullOrMissingAt(node[Number(part)], parts, at + 1);
    return node.some((element) => nullOrMissingAt(element, parts, at));
  }
  if (typeof node !== 'object' || node instanceof Date || node instanceof RegExp || '_bsontype' in node) return true;
  return nullOrMissingAt((node as Record<string, unknown>)[part], parts, at + 1);
}

function queryOperator(predicate: Predicate, negate = false) {
  return (selector: string, value: unknown, _options: Options) => {
    const parts = selector.split('.');
    const depth = parts.length - 1;
    const nullTest = (doc: unknown) => nullOrMissingAt(doc, parts, 0);
    return (doc: unknown) => {
      const lhs = resolve(doc as Record<string, unknown>, selector, { unwrapArray: true });
      let result = predicate(lhs, value, depth);
      if (!result && depth > 0 && matchesNull(predicate, value)) result = nullTest(doc);
      return negate ? !result : result;
    };
  };
}

/** Whether this predicate with this operand is satisfied by a missing value (`$eq: null`, `$in: [null]`, `$gte: null`, …). */
function matchesNull(predicate: Predicate, value: unknown): boolean {
  return predicate(undefined, value, 0);
}

/** `$sort` stage in BSON order (mingo sorts strings by UTF-16 and arrays as wholes). */
function sortStage(collection: Iterator, sortKeys: Record<string, unknown>, _options: Options): Iterator {
  const spec = parseSort(sortKeys);
  if (!spec) throw badValue('$sort stage must have at least one sort key');
  return collection.transform((docs) => Lazy(sortDocuments(docs as Doc[], spec)));
}

/**
 * mingo's operators with ours in place of theirs. Used with mingo's base Query / Aggregator classes:
 * the `mingo` entry point merges its default context first and its operators would win.
 */
/** MongoDB `$type` aliases by numeric code. */
const TYPE_ALIASES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

/**
 * A value's BSON type name as stored here. Numbers arrive from the driver already promoted: a fraction is a
 * "double"; an integral value in int32 range is taken as "int" (how drivers encode small integers); a larger
 * integral value may have been a double or a Long, which `typeMatches` refuses to guess.
 */
function typeAlias(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const native = nativeTypeName(value);
  if (native !== undefined) return native;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    return value >= -2147483648 && value <= 2147483647 ? 'int' : AMBIGUOUS_LARGE_INTEGER;
  }
  const tag = (value as { _bsontype?: string })._bsontype;
  switch (tag) {
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Timestamp':
      return 'timestamp';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return 'javascript';
    default:
      return 'object';
  }
}

/** An integral number beyond int32 that arrived as a double or as a Long in the 53-bit range: no longer known which. */
const AMBIGUOUS_LARGE_INTEGER = 'double-or-long';
const NUMBER_TYPES = new Set(['double', 'int', 'long', 'decimal', AMBIGUOUS_LARGE_INTEGER]);

/** `$type`, matching array elements too (mingo only looks at the value itself). */
const typeMatches: Predicate = (lhs, rhs, depth) => {
  const wanted = (Array.isArray(rhs) ? rhs : [rhs]).map((t) => (typeof t === 'number' ? TYPE_ALIASES[t] : String(t)));
  for (const w of wanted) if (w === undefined) throw badValue(`Invalid numerical type code: ${String(rhs)}`);
  const values = Array.isArray(lhs) && depth !== SINGLE_ELEMENT ? [lhs, ...lhs] : [lhs];
  return values.some((v) => {
    if (v === undefined) return false;
    const alias = typeAlias(v);
    if (alias === AMBIGUOUS_LARGE_INTEGER && wanted.includes('double') !== wanted.includes('long')) {
      throw badValue(
        `$type cannot tell whether the stored integer ${String(v)} is a double or a long on this server; ` +
          `ask for ["double", "long"] or "number"`,
      );
    }
    return wanted.some(
      (w) =>
        w === alias ||
        (NUMBER_TYPES.has(alias) && (w === 'number' || (alias === AMBIGUOUS_LARGE_INTEGER && (w === 'double' || w === 'long')))),
    );
  });
};

type Stage = (collection: Iterator, expr: Record<string, unknown>, options: Options) => Iterator;

/** mingo's `$project` with MongoDB's output field order (stored order, `_id` first, computed fields last). */
const projectStage: Stage = (collection, expr, options) => {
  let input: Doc = {};
  const tapped = collection.map((doc: Doc) => (input = doc));
  return pipelineOperators.$project(tapped, expr, options).map((out: Doc) => inDocumentOrder(out, input, expr));
};

const withIdFirst =
  (stage: Stage): Stage =>
  (collection, expr, options) =>
    stage(collection, expr, options).map((doc: Doc) => idFirst(doc));

const notEq: Predicate = (lhs, rhs, depth) => !eq(lhs, rhs, depth);
const notIn: Predicate = (lhs, rhs, depth) => !inList(lhs, rhs, depth);
const SINGLE_ELEMENT_OPERATORS: Record<string, Predicate> = {
  $eq: eq,
  $ne: notEq,
  $gt: ordered((c) => c > 0, false),
  $gte: ordered((c) => c >= 0, true),
  $lt: ordered((c) => c < 0, false),
  $lte: ordered((c) => c <= 0, true),
  $in: inList,
  $nin: notIn,
  $type: typeMatches,
};

/**
 * `$elemMatch` with operator-only criteria tests each array element as a single value (an element that is
 * itself an array is not traversed), as MongoDB does; mingo would traverse it. Other criteria go to mingo.
 */
function elemMatch(selector: string, criteria: unknown, options: Options) {
  const keys = isPlainObjectLike(criteria) ? Object.keys(criteria) : [];
  const operatorsOnly =
    keys.length > 0 &&
    keys.every((k) => k.startsWith('$') && !DBREF_FIELDS.has(k) && k !== '$and' && k !== '$or' && k !== '$nor');
  if (!operatorsOnly && keys.some((k) => DBREF_FIELDS.has(k))) return dbRefElemMatch(selector, criteria as Doc, options);
  if (!operatorsOnly)
    return (queryOperators.$elemMatch as (s: string, v: unknown, o: Options) => (doc: unknown) => boolean)(
      selector,
      criteria,
      options,
    );
  const tests = Object.entries(criteria as Record<string, unknown>).map(([operator, rhs]) => {
    const own = SINGLE_ELEMENT_OPERATORS[operator];
    if (own) return (element: unknown) => own(element, rhs, SINGLE_ELEMENT);
    const query = new Query({ v: { [operator]: rhs } }, options);
    return (element: unknown) => query.test({ v: element });
  });
  return (doc: unknown) => {
    const lhs = resolve(doc as Record<string, unknown>, selector, { unwrapArray: true });
    return Array.isArray(lhs) && lhs.some((element) => tests.every((test) => test(element)));
  };
}

function isPlainObjectLike(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export const BSON_QUERY_CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators, $sum, $avg, $min, $max, $stdDevPop, $stdDevSamp },
  expression: { ...expressionOperators },
  projection: { ...projectionOperators },
  window: { ...windowOperators },
  pipeline: {
    ...pipelineOperators,
    $sort: sortStage,
    $project: projectStage,
    $group: withIdFirst(pipelineOperators.$group as Stage),
    $bucket: withIdFirst(pipelineOperators.$bucket as unknown as Stage),
    $bucketAuto: withIdFirst(pipelineOperators.$bucketAuto as unknown as Stage),
  },
  query: {
    ...queryOperators,
    $eq: queryOperator(eq),
    $ne: queryOperator(eq, true),
    $gt: queryOperator(ordered((c) => c > 0, false)),
    $gte: queryOperator(ordered((c) => c >= 0, true)),
    $lt: queryOperator(ordered((c) => c < 0, false)),
    $lte: queryOperator(ordered((c) => c <= 0, true)),
    $type: queryOperator(typeMatches),
    $elemMatch: elemMatch,
    $in: queryOperator(inList),
    $nin: queryOperator(inList, true),
  },
});
