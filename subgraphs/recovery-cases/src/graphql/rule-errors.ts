import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
import { RecoveryRuleError } from '../domain/errors.js';

/** A domain rule said no: the same refusal as a GraphQL error with its code and details. */
export function toGraphQLError(error: RecoveryRuleError): GraphQLError {
  // The gateway's public codes have no TOO_MANY_REQUESTS; a rate limit is bad input with a retry time.
  const code = error.code === 'TOO_MANY_REQUESTS' ? 'BAD_USER_INPUT' : error.code;
  const extra = error.code === 'TOO_MANY_REQUESTS' ? { rateLimited: true } : {};
  return new GraphQLError(error.message, { extensions: { ...error.details, ...extra, code } });
}

type Resolve = (parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

async function translate(
  resolve: Resolve,
  parent: unknown,
  args: unknown,
  context: unknown,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  try {
    return await resolve(parent, args, context, info);
  } catch (error) {
    throw error instanceof RecoveryRuleError ? toGraphQLError(error) : error;
  }
}

/** Applied to every root field after shield, so resolvers stay free of try/catch. */
export const ruleErrorsMiddleware: IMiddlewareFieldMap = { Query: translate, Mutation: translate };
