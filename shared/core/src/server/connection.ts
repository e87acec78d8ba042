import { invalidInput } from '../domain/domain-error.js';

/**
 * Vigil's one paging convention (Relay-style connections): a list takes `first` (documented default and maximum)
 * and `after` (an opaque cursor from the previous page) and answers `{ edges { cursor node } pageInfo }`. A `first`
 * outside 1…max is BAD_USER_INPUT, never silently capped: a client asking for 500 must learn it gets at most 200.
 */
export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: Edge<T>[];
  readonly pageInfo: PageInfo;
}

const CURSOR_PREFIX = 'c:';

/** An opaque cursor for a sort key (an id, or `openedAt:id`): base64url, so clients cannot read meaning into it. */
export function encodeCursor(key: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${key}`, 'utf8').toString('base64url');
}

/** The key inside a cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith(CURSOR_PREFIX) && decoded.length > CURSOR_PREFIX.length
    ? decoded.slice(CURSOR_PREFIX.length)
    : undefined;
}

/** Refuses a `first` outside 1…max (BAD_USER_INPUT naming the bound). */
export function checkFirst(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw invalidInput(`first must be between 1 and ${max}.`, { first: `between 1 and ${max}` });
  }
}

/** The key of `after`, or BAD_USER_INPUT when the client sent something that is not one of our cursors. */
export function afterKey(after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  const key = decodeCursor(after);
  if (key === undefined) throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  return key;
}

/**
 * One page from `items` read with a limit of `first + 1` (the extra item only says whether a next page exists).
 * `cursorOf` gives an item's sort key; it is encoded here.
 */
export function connectionFrom<T>(items: readonly T[], first: number, cursorOf: (item: T) => string): Connection<T> {
  const edges = items.slice(0, first).map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
