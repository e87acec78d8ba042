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
