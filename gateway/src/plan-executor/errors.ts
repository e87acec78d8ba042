import { GraphQLError } from 'graphql';
import type { ResponsePath } from './types.js';

/** A subgraph's error moved to where it belongs in the client's answer (message and extensions kept). */
export function relocated(error: GraphQLError, path: ResponsePath): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path,
    originalError: error,
    extensions: error.extensions,
  });
}

/**
 * A subgraph call that threw (network, refused signature, timeout) rather than answering: a GraphQLError as it
 * is, anything else as a DOWNSTREAM_SERVICE_ERROR naming the subgraph, at `path` when the fetch has one.
 */
export function fetchFailure(error: unknown, serviceName: string, path: ResponsePath | undefined): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(cause.message, {
    originalError: cause,
    extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName },
    ...(path ? { path } : {}),
  });
}
