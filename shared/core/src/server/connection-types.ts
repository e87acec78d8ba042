/**
 * The GraphQL object types of the paging convention (ADR 015), built once here instead of three hand-written
 * classes per list. Each subgraph still names its own types (`AlertConnection`, `RecoveryPageInfo`, …) so no
 * `@shareable` type has to stay identical across subgraphs; the values are core's `Connection` (connection.ts).
 */
import { Field, ObjectType, type ClassType } from 'type-graphql';
import type { Connection, PageInfo } from './connection.js';

export interface PageInfoTypeOptions {
  /** Description of `endCursor` in the schema; none when absent. */
  readonly endCursorDescription?: string;
}

/** A named `{ hasNextPage: Boolean!, endCursor: String }` type; one per subgraph, shared by its connections. */
export function pageInfoType(name: string, options: PageInfoTypeOptions = {}): ClassType<PageInfo> {
  @ObjectType(name)
  class PageInfoType implements PageInfo {
    @Field(() => Boolean) readonly hasNextPage!: boolean;

    @Field(() => String, { nullable: true, ...described(options.endCursorDescription) })
    readonly endCursor?: string;
  }
  return PageInfoType;
}

export interface ConnectionTypeOptions {
  /** The list's type prefix: `Alert` names `AlertEdge` and `AlertConnection`. */
  readonly name: string;
  /** The subgraph's page info type (from `pageInfoType`). */
  readonly pageInfo: ClassType<PageInfo>;
  /** Description of the connection type; none when absent. */
  readonly description?: string;
  /** Description of `cursor` on the edge type; none when absent. */
  readonly cursorDescription?: string;
}

/**
 * `<name>Connection { edges: [<name>Edge!]!, pageInfo: <PageInfo>! }` with `<name>Edge { cursor: String!, node:
 * <node>! }`, for a field resolver or query to return a core `Connection` of `node` values.
 */
export function connectionType<TNode extends object>(
  node: ClassType<TNode>,
  options: ConnectionTypeOptions,
): ClassType<Connection<TNode>> {
  @ObjectType(`${options.name}Edge`)
  class EdgeType {
    @Field(() => String, described(options.cursorDescription)) readonly cursor!: string;
    @Field(() => node) readonly node!: TNode;
  }

  @ObjectType(`${options.name}Connection`, described(options.description))
  class ConnectionType implements Connection<TNode> {
    @Field(() => [EdgeType]) readonly edges!: EdgeType[];
    @Field(() => options.pageInfo) readonly pageInfo!: PageInfo;
  }
  return ConnectionType;
}

// An absent description must stay absent in the SDL (not an empty one), so the key is left out entirely.
function described(description: string | undefined): { description?: string } {
  return description === undefined ? {} : { description };
}
