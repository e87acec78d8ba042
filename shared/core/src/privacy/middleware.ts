import {
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import type { SubgraphContext } from '../server/context.js';
import { disclose } from './disclose.js';
import { PERSONAL_DATA_FIELDS, type PersonalDataKind } from './policy.js';
import { REDACTED } from './text.js';

type Resolve = (parent: unknown, args: Record<string, unknown>, context: SubgraphContext, info: GraphQLResolveInfo) => unknown;

/**
 * graphql-middleware map applying the personal-data policy to every field of `schema` that the policy lists.
 * The subgraph factory applies it after shield on every subgraph, so a field is never served raw by mistake:
 * queries, `_entities` and subscription payloads all go through the same field resolvers.
 */
export function personalDataMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap {
  const middleware: IMiddlewareTypeMap = {};
  for (const [typeName, fields] of Object.entries(PERSONAL_DATA_FIELDS)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const present = Object.entries(fields).filter(([field]) => type.getFields()[field] !== undefined);
    if (present.length === 0) continue;
    middleware[typeName] = Object.fromEntries(present.map(([field, kind]) => [field, fieldMiddleware(kind)]));
  }
  return middleware;
}

function fieldMiddleware(kind: PersonalDataKind) {
  return async (
    resolve: Resolve,
    parent: unknown,
    args: Record<string, unknown>,
    context: SubgraphContext,
    info: GraphQLResolveInfo,
  ): Promise<unknown> => {
    const value = await resolve(parent, args, context, info);
    const name = (parent as { name?: unknown } | null)?.name;
    const disclosed = disclose(kind, value, context.identity.roles, typeof name === 'string' ? name : undefined);
    return disclosed === undefined ? withheld(info.returnType) : disclosed;
  };
}

/** A withheld value: null where the schema allows it, else an empty list or the redaction marker. */
function withheld(type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return null;
  return isListType(getNullableType(type)) ? [] : REDACTED;
}
