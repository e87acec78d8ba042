/**
 * The one paging convention of the graph: Relay-style connections. A list field takes `first` (default and
 * maximum documented per field) and `after` (an opaque cursor from `pageInfo.endCursor`) and answers
 * `{ edges { cursor node } pageInfo { hasNextPage endCursor } }`. A `first` outside 1..max is BAD_USER_INPUT,
 * never a silent cap; an `after` that is not a cursor of this list is BAD_USER_INPUT too.
 *
 * Transport-free (no GraphQL here): each subgraph declares its own connection object types and builds the
 * values with these helpers. Keyset paging: the store reads `first + 1` rows after the cursor's position, and
 * the extra row only says whether there is a next page.
 */
import { invalidInput } from '../domain/domain-error.js';

export interface PageInfo {
  readonly hasNextPage: boolean;
  /** The cursor of the last edge; absent on an empty page. */
  readonly endCursor?: string;
}

export interface Edge<TNode> {
  readonly cursor: string;
  readonly node: TNode;
}

export interface Connection<TNode> {
  readonly edges: Edge<TNode>[];
  readonly pageInfo: PageInfo;
}

/** A list's documented page sizes: `first` defaults to `defaultFirst` and may be at most `maxFirst`. */
export interface PageLimits {
  readonly defaultFirst: number;
  readonly maxFirst: number;
}

/** Cursors are bounded: anything longer is not one of ours, and is refused before it is decoded. */
const MAX_CURSOR_LENGTH = 200;

/** Wraps a list's position key (e.g. `1700000000000:<id>`) as an opaque cursor. */
export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

/** The position key inside a cursor, or null for anything that is not a base64url cursor of bounded length. */
export function decodeCursor(cursor: string): string | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** `first` as given (or the default); BAD_USER_INPUT when it is not an integer in 1..maxFirst. */
export function pageSize(first: number | null | undefined, limits: PageLimits): number {
  const size = first ?? limits.defaultFirst;
  if (!Number.isInteger(size) || size < 1 || size > limits.maxFirst) {
    throw invalidInput(`first must be 1 to ${limits.maxFirst}.`, { first: `1..${limits.maxFirst}` });
  }
  return size;
}

/** A page from up to `first + 1` rows read in list order: the extra row only sets `hasNextPage`. */
export function connectionFrom<TNode>(
  items: readonly TNode[],
  first: number,
  cursorOf: (node: TNode) => string,
): Connection<TNode> {
  const edges = items.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  const endCursor = edges.at(-1)?.cursor;
  return { edges, pageInfo: { hasNextPage: items.length > first, ...(endCursor !== undefined ? { endCursor } : {}) } };
}

/** The same page with each node mapped (e.g. a stored record to its masked GraphQL view); cursors unchanged. */
export function mapConnection<TFrom, TTo>(connection: Connection<TFrom>, map: (node: TFrom) => TTo): Connection<TTo> {
  return {
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })),
    pageInfo: connection.pageInfo,
  };
}
