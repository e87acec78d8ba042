import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';

/** Concrete paths made from one error at most; past that the error also stays as the runtime reported it. */
const MAX_PATHS_PER_ERROR = 100;

/**
 * Two places where the Rust query planner's executor (`@graphql-hive/router-runtime`) answers differently from
 * the GraphQL spec and from the executor Vigil used before, put back for clients:
 * - every root field skipped (`@include(if: false)`): `data` was left out; an executed operation answers `data: {}`;
 * - a failed entity fetch below a list (`alerts → account` with the accounts subgraph down) was reported once with
 *   the path `["alerts", "account"]`; the spec's path names each item: `["alerts", 0, "account"]`, one error each.
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
  return {
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
