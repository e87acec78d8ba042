import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';

/** Concrete paths made from one error at most; past that the error also stays as the runtime reported it. */
const MAX_PATHS_PER_ERROR = 100;

/**
 * Two places where the Rust query planner's executor (`@graphql-hive/router-runtime`) answers differently from
 * the GraphQL spec and from the executor Vigil used before, put back for clients:
 * - every root field skipped (`@include(if: false)`): `data` was left out; an executed operation answers `data: {}`;
 * - a failed entity fetch below a list (`alerts → account` with the accounts subgraph down) was reported once with
 *   the path `["alerts", "account"]`; the spec's path names each item: `["alerts", 0, "account"]`, one error each;
 * - on subscriptions, a subgraph's error arrived as a plain object, which the runtime then masked as "Unexpected
 *   error." (its masking only trusts GraphQLError instances): the subgraph's own (already masked) error is kept,
 *   as it is for queries.
 */
export function useSpecConformantResults(): GatewayPlugin {
  const conform = (result: ExecutionResult, setResult: (result: ExecutionResult) => void) => {
    if (result.data === undefined && !result.errors?.length) return setResult({ ...result, data: {} });
    if (!result.errors?.length || !result.data) return;
    let changed = false;
    const errors = result.errors.flatMap((error) => {
      const paths = error.path ? concretePaths(result.data, error.path) : [];
      if (paths.length === 0 || (paths.length === 1 && samePath(paths[0]!, error.path!))) return [error];
      changed = true;
      const itemised = paths.slice(0, MAX_PATHS_PER_ERROR).map((path) => withPath(error, path));
      return paths.length > MAX_PATHS_PER_ERROR ? [...itemised, error] : itemised;
    });
    if (changed) setResult({ ...result, errors });
  };
  const conformEvent = (result: ExecutionResult, setResult: (result: ExecutionResult) => void) => {
    const errors = result.errors?.map(asGraphQLError);
    if (errors && errors.some((error, index) => error !== result.errors?.[index])) {
      result = { ...result, errors };
      setResult(result);
    }
    conform(result, setResult);
  };
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) return undefined;
          return { onNext: ({ result: next, setResult: setNext }) => conformEvent(next, setNext) };
        },
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return { onNext: ({ result: next, setResult: setNext }) => conform(next, setNext) };
          conform(result, setResult);
          return undefined;
        },
      };
    },
  };
}

/** The paths in `data` that `path` reaches, with an index inserted wherever a field name meets a list. */
function concretePaths(data: unknown, path: readonly (string | number)[]): (string | number)[][] {
  const found: (string | number)[][] = [];
  const walk = (value: unknown, at: number, prefix: (string | number)[]) => {
    if (found.length > MAX_PATHS_PER_ERROR) return;
    if (at === path.length) return void found.push(prefix);
    const segment = path[at]!;
    if (Array.isArray(value) && typeof segment === 'string') {
      value.forEach((item, index) => walk(item, at, [...prefix, index]));
    } else if (value !== null && typeof value === 'object') {
      walk((value as Record<string | number, unknown>)[segment], at + 1, [...prefix, segment]);
    }
  };
  walk(data, 0, []);
  return found;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

function withPath(error: GraphQLError, path: (string | number)[]): GraphQLError {
  return new GraphQLError(error.message, {
    path,
    extensions: error.extensions,
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
  });
}

/** A subgraph error the runtime passed on as a plain `{ message, path, extensions }` object. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const plain = error as { message?: unknown; path?: unknown; extensions?: unknown };
  return new GraphQLError(typeof plain.message === 'string' ? plain.message : 'Subgraph error.', {
    ...(Array.isArray(plain.path) ? { path: plain.path as (string | number)[] } : {}),
    ...(plain.extensions && typeof plain.extensions === 'object'
      ? { extensions: plain.extensions as Record<string, unknown> }
      : {}),
  });
}
