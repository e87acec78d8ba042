import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { DBREF_FIELDS } from '../bson/dbref.js';
import type { Doc } from '../bson/types.js';

const isPlainObjectLike = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `$elemMatch` criteria naming DBRef fields (`{ $ref: 'users', $id: id }`): MongoDB reads `$ref`, `$id`, `$db` as
 * field names there; mingo would take them for unknown operators. Each element must be a document whose
 * DBRef fields match and which matches the other criteria.
 */
export function dbRefElemMatch(selector: string, criteria: Doc, options: Options) {
  const rest: Doc = {};
  const refTests: Array<(element: Doc) => boolean> = [];
  for (const [key, condition] of Object.entries(criteria)) {
    if (!DBREF_FIELDS.has(key)) {
      rest[key] = condition;
      continue;
    }
    const isOperatorObject = isPlainObjectLike(condition) && Object.keys(condition).some((k) => k.startsWith('$'));
    const query = new Query({ v: isOperatorObject ? condition : { $eq: condition } }, options);
    refTests.push((element) => query.test({ v: element[key] }));
  }
  const others = new Query(rest, options);
  return (doc: unknown) => {
    const lhs = resolve(doc as Record<string, unknown>, selector, { unwrapArray: true });
    return (
      Array.isArray(lhs) &&
      lhs.some((element) => isPlainObjectLike(element) && refTests.every((test) => test(element as Doc)) && others.test(element))
    );
  };
}
