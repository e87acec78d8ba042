import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from './errors.js';

/** `accounts.edges.3.node.email` → `accounts.edges.*.node.email`: the field, whatever the row. */
function pathPattern(path: readonly (string | number)[]): string {
  return path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
}

/**
 * A list of N rows with a field the caller may not read would answer N identical FORBIDDEN errors (shield denies
 * the field once per row). Those are collapsed into one per field pattern: the first occurrence (its path and
 * position), with `extensions.count` = how many rows it stands for. The rows' values are null as before. Other
 * codes are left alone: their messages and details can differ per row.
 */
export function collapseRepeatedForbidden(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const firstByPattern = new Map<string, { index: number; count: number }>();
  const kept: GraphQLFormattedError[] = [];
  for (const error of errors) {
    if (error.extensions?.code !== ERROR_CODES.FORBIDDEN || !error.path) {
      kept.push(error);
      continue;
    }
    const key = `${error.message}\u0000${pathPattern(error.path)}`;
    const seen = firstByPattern.get(key);
    if (seen) {
      seen.count += 1;
      continue;
    }
    firstByPattern.set(key, { index: kept.length, count: 1 });
    kept.push(error);
  }
  for (const { index, count } of firstByPattern.values()) {
    if (count > 1) kept[index] = { ...kept[index]!, extensions: { ...kept[index]!.extensions, count } };
  }
  return kept;
}
