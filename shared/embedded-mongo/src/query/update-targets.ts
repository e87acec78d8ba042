import type { Query } from 'mingo/query';
import { isPlainObject, ownField, setOwnField, type Doc } from '../bson/types.js';
import { badValue, failedToParse, MongoCommandError } from '../errors.js';
import { compileFilter, matches } from './filter.js';
import { bsonTypeName } from './update-paths.js';
import { filterIdentifier, isArrayIndex, isPositional, type Modification } from './update-spec.js';

/**
 * Where an update's paths land in one document: positional components (`$`, `$[]`, `$[id]`) resolved to
 * array indexes, and the parent container and field name of each target. Fields are read and written as own
 * fields only, so `__proto__` is an ordinary field name and never reaches a prototype.
 */

/** MongoDB refuses to pad an array with more nulls than this. */
const MAX_BACKFILL = 1_500_000;

export interface TargetContext {
  /** The update's query (for positional `$`). */
  query: Doc;
  variables?: Doc;
  /** Compiled array filters by identifier. */
  arrayFilters: Map<string, Query>;
  /** The document as it was before the update (positional `$` refers to what the query matched). */
  original: Doc;
  /**
   * Copy on write: set when the document being changed shares its containers with the stored version. Containers
   * in this set are the update's own (copied or created by it); any other container on a written path is copied
   * first, so the stored version is never changed and untouched subtrees are shared, not deep-copied (ADR 155).
   */
  own?: Set<object>;
}

/** A shallow copy of an object (own fields, in order, `__proto__` included) or an array. */
function shallowCopy(node: Doc | unknown[]): Doc | unknown[] {
  if (Array.isArray(node)) return node.slice();
  const copy: Doc = {};
  for (const key of Object.keys(node)) setOwnField(copy, key, node[key]);
  return copy;
}

/** The document as the update's own top-level copy, for copy on write (`own` then holds it). */
export function ownCopy(doc: Doc, own: Set<object>): Doc {
  const copy = shallowCopy(doc) as Doc;
  own.add(copy);
  return copy;
}

const NO_MATCH = 'The positional operator did not find the match needed from the query.';

/** The query's conditions on `arrayPath` or inside it (top level, `$and`, and `$or` / `$nor` naming it). */
function conditionsOn(filter: Doc, arrayPath: string): Doc[] {
  const found: Doc[] = [];
  const names = (value: unknown): boolean =>
    isPlainObject(value) &&
    Object.entries(value).some(([key, inner]) =>
      key === '$and' || key === '$or' || key === '$nor'
        ? Array.isArray(inner) && inner.some(names)
        : key === arrayPath || key.startsWith(arrayPath + '.'),
    );
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) found.push(...conditionsOn(clause, arrayPath));
    } else if ((key === '$or' || key === '$nor') && names({ [key]: value })) {
      found.push({ [key]: value });
    } else if (key === arrayPath || key.startsWith(arrayPath + '.')) {
      found.push({ [key]: value });
    }
  }
  return found;
}

/** A document holding only `element`, alone in an array at `prefix`. */
function probe(prefix: string[], element: unknown): Doc {
  let node: unknown = [element];
  for (let i = prefix.length - 1; i >= 0; i--) {
    const wrapper: Doc = {};
    setOwnField(wrapper, prefix[i] as string, node);
    node = wrapper;
  }
  return node as Doc;
}

/** The index of the first element of the array at `prefix` that the query's conditions on it match. */
function matchedPosition(ctx: TargetContext, prefix: string[], array: unknown[]): number {
  const conditions = conditionsOn(ctx.query, prefix.join('.'));
  if (conditions.length === 0) throw badValue(NO_MATCH);
  const query = compileFilter(conditions.length === 1 ? (conditions[0] as Doc) : { $and: conditions }, ctx.variables);
  const at = array.findIndex((element) => matches(query, probe(prefix, element)));
  if (at < 0) throw badValue(NO_MATCH);
  return at;
}

export function readAt(doc: unknown, parts: string[]): unknown {
  let node = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = isArrayIndex(part) ? node[Number(part)] : undefined;
    else if (isPlainObject(node)) node = ownField(node, part);
    else return undefined;
  }
  return node;
}

/** The concrete paths a modification's path stands for in this document (several for `$[]` / `$[id]`). */
export function concretePaths(doc: Doc, modification: Modification, ctx: TargetContext): string[][] {
  let paths: string[][] = [[]];
  for (const part of modification.parts) {
    if (!isPositional(part)) {
      for (const path of paths) path.push(part);
      continue;
    }
    const next: string[][] = [];
    for (const prefix of paths) {
      const array = readAt(doc, prefix);
      if (!Array.isArray(array)) {
        if (part === '$') throw badValue(NO_MATCH);
        throw badValue(`The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`);
      }
      if (part === '$') {
        const original = readAt(ctx.original, prefix);
        next.push([...prefix, String(matchedPosition(ctx, prefix, Array.isArray(original) ? original : array))]);
        continue;
      }
      const id = filterIdentifier(part);
      const filter = id === undefined ? undefined : ctx.arrayFilters.get(id);
      if (id !== undefined && !filter) {
        throw badValue(`No array filter found for identifier '${id}' in path '${modification.path}'`);
      }
      array.forEach((element, index) => {
        if (!filter || matches(filter, { v: element })) next.push([...prefix, String(index)]);
      });
    }
    paths = next;
  }
  return paths;
}

/** Compile `arrayFilters`: one identifier per filter (`{ 'i.b': …, i: … }`), tested as `v` against each element. */
export function compileArrayFilters(filters: Doc[] | undefined, used: Set<string>, variables?: Doc): Map<string, Query> {
  const compiled = new Map<string, Query>();
  for (const filter of filters ?? []) {
    if (!isPlainObject(filter)) throw failedToParse('Each array filter must be an object');
    let id: string | undefined;
    const renamed: Doc = {};
    for (const [key, condition] of Object.entries(filter)) {
      const [head, ...rest] = key.split('.');
      if (!/^[a-z][a-zA-Z0-9]*$/.test(head ?? '')) {
        throw badValue(
          `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${head}'`,
        );
      }
      if (id !== undefined && id !== head) {
        throw failedToParse(
          `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${head}'`,
        );
      }
      id = head;
      renamed[['v', ...rest].join('.')] = condition;
    }
    if (id === undefined) throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
    if (compiled.has(id)) throw failedToParse(`Found multiple array filters with the same top-level field name ${id}`);
    compiled.set(id, compileFilter(renamed, variables));
  }
  for (const id of compiled.keys()) {
    if (!used.has(id)) throw failedToParse(`The array filter for identifier '${id}' was not used in the update`);
  }
  return compiled;
}

export interface Target {
  /** The object or array holding the field. */
  parent: Doc | unknown[];
  field: string;
}

function pathNotViable(field: string, parentName: string, value: unknown): MongoCommandError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : bsonTypeName(value);
  return new MongoCommandError(28, 'PathNotViable', `Cannot create field '${field}' in element {${parentName}: ${shown}}`);
}

/**
 * The container of the last component. With `create`, missing objects on the way are created (and a path
 * through a scalar or a field name on an array is 28 PathNotViable); without it, such a path has no target.
 * With `own` (copy on write), every container on the way that is not the update's own is replaced by a copy.
 */
export function targetOf(doc: Doc, parts: string[], create: boolean, own?: Set<object>): Target | undefined {
  let node: Doc | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (Array.isArray(node) && !isArrayIndex(part)) {
      if (create) throw pathNotViable(part, parts[i - 1] ?? '', node);
      return undefined;
    }
    const next = read(node, part);
    if (next === undefined) {
      if (!create) return undefined;
      const created: Doc = {};
      write(node, part, created);
      own?.add(created);
      node = created;
      continue;
    }
    if (!isPlainObject(next) && !Array.isArray(next)) {
      if (create) throw pathNotViable(parts[i + 1] as string, part, next);
      return undefined;
    }
    if (own && !own.has(next)) {
      const copy = shallowCopy(next);
      own.add(copy);
      write(node, part, copy);
      node = copy;
      continue;
    }
    node = next;
  }
  const field = parts[parts.length - 1] as string;
  if (Array.isArray(node) && !isArrayIndex(field)) {
    if (create) throw pathNotViable(field, parts[parts.length - 2] ?? '', node);
    return undefined;
  }
  return { parent: node, field };
}

export function read(parent: Doc | unknown[], field: string): unknown {
  return Array.isArray(parent) ? parent[Number(field)] : ownField(parent, field);
}

export function write(parent: Doc | unknown[], field: string, value: unknown): void {
  if (!Array.isArray(parent)) {
    setOwnField(parent, field, value);
    return;
  }
  const index = Number(field);
  if (index - parent.length > MAX_BACKFILL) throw badValue(`can't backfill more than ${MAX_BACKFILL} elements`);
  while (parent.length < index) parent.push(null);
  parent[index] = value;
}

/** `$unset`: an object loses the field; an array element becomes null (the array keeps its length). */
export function remove(parent: Doc | unknown[], field: string): void {
  if (Array.isArray(parent)) {
    if (Number(field) < parent.length) parent[Number(field)] = null;
  } else if (Object.hasOwn(parent, field)) {
    delete parent[field];
  }
}
