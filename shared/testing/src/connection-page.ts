/** A Relay connection page as a client reads it (ADR 015). */
export interface Page<TNode> {
  readonly edges: readonly { readonly node: TNode }[];
}

/** The nodes of a connection page, in order; undefined when the page itself is missing (an error answered). */
export function nodes<TNode>(page: Page<TNode>): TNode[];
export function nodes<TNode>(page: Page<TNode> | null | undefined): TNode[] | undefined;
export function nodes<TNode>(page: Page<TNode> | null | undefined): TNode[] | undefined {
  return page == null ? undefined : page.edges.map((edge) => edge.node);
}

/** A connection page with where it ends, to ask for the next one. */
export interface CursorPage<TNode> extends Page<TNode> {
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/**
 * Reads a connection page by page: `page(after)` from the first page (`after` undefined) until `hasNextPage` is
 * false, at most `maxPages` pages; answers every node in the order the pages gave them.
 */
export async function walkPages<TNode>(
  page: (after: string | undefined) => Promise<CursorPage<TNode>>,
  maxPages: number,
): Promise<TNode[]> {
  const seen: TNode[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const current = await page(after);
    seen.push(...nodes(current));
    if (!current.pageInfo.hasNextPage) break;
    if (!current.pageInfo.endCursor) throw new Error('a page with hasNextPage has no endCursor');
    after = current.pageInfo.endCursor;
  }
  return seen;
}
