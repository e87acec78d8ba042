import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { badUserInput } from '../errors/errors.js';

/** Longest value accepted for an `ID` argument or input field: Vigil's ids are ObjectIds, UUIDs and short slugs. */
export const MAX_ID_LENGTH = 200;

/**
 * A client may send `null` for any optional argument or input field (`after: null`, `note: null`), and resolvers
 * are written for "absent" (`after !== undefined && decode(after)`): `null` reached them and ended in a TypeError,
 * answered INTERNAL_SERVER_ERROR. At the edge, every `null` argument and input-object field is therefore removed
 * before shield and the resolver see the arguments: optional means "absent or null", the same thing. Required
 * arguments cannot be null (GraphQL validation refuses it), and list elements are left as they are.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? withoutNulls(item) : item));
  // Only plain input objects are rebuilt: scalar values parsed into objects (a DateTime's Date) stay as they are.
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) result[key] = withoutNulls(item);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The path of the first `ID` value (argument, input field or list element) that cannot be an id, if any. */
export function badIdIn(type: GraphQLInputType, value: unknown, path: string, depth = 0): string | undefined {
  if (value === null || value === undefined || depth > 8) return undefined;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return badIdIn(inner.ofType, value, path, depth + 1);
    for (const item of value) {
      const bad = badIdIn(inner.ofType, item, path, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return undefined;
    for (const field of Object.values(inner.getFields())) {
      const bad = badIdIn(field.type, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (getNamedType(inner).name !== 'ID') return undefined;
  const text = String(value);
  return text.length === 0 || text.length > MAX_ID_LENGTH || text.includes('\u0000') ? path : undefined;
}

function edgeMiddleware(args: readonly GraphQLArgument[]): IMiddlewareFunction {
  return async (resolve, root, given, context, info) => {
    const cleaned = withoutNulls(given) as Record<string, unknown>;
    for (const arg of args) {
      const bad = badIdIn(arg.type, cleaned[arg.name], arg.name);
      if (bad) {
        throw badUserInput(`${bad} is not an id: ids are 1 to ${MAX_ID_LENGTH} characters, without NUL.`, {
          [bad]: 'invalid id',
        });
      }
    }
    return resolve(root, cleaned, context, info);
  };
}

/**
 * graphql-middleware map for every field of `schema` that takes arguments (and only those): `null` arguments and
 * input fields are dropped (see `withoutNulls`) and every `ID` value is checked, so an empty, oversized or NUL-laden
 * id is answered BAD_USER_INPUT naming it before any resolver or database sees it. Federation's `_entities` is left
 * alone: its representations come from the gateway.
 */
export function edgeArgsMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0 || field.name === '_entities') continue;
      (map[type.name] ??= {})[field.name] = edgeMiddleware(field.args);
    }
  }
  return map;
}
