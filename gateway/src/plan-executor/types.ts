import type { QueryPlan } from '@graphql-hive/router-query-planner';
import type { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import type { GraphQLError, OperationDefinitionNode, FragmentDefinitionNode } from 'graphql';
import type { SchemaIndex } from './schema-index.js';

/** What the gateway runtime hands a unified-graph handler, and what it gets back (router-runtime's own types). */
export type HandlerOptions = Parameters<typeof unifiedGraphHandler>[0];
export type HandlerResult = Awaited<ReturnType<typeof unifiedGraphHandler>>;
export type GraphExecutor = NonNullable<HandlerResult['executor']>;
export type ExecutionRequest = Parameters<GraphExecutor>[0];
export type SubgraphExecute = HandlerOptions['onSubgraphExecute'];

export type { QueryPlan };
export type PlanNode = NonNullable<QueryPlan['node']>;
export type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;
export type FlattenNode = Extract<PlanNode, { kind: 'Flatten' }>;
export type BatchFetchNode = Extract<PlanNode, { kind: 'BatchFetch' }>;
export type RequiresSelection = NonNullable<FetchNode['requires']>[number];
export type FlattenPathSegment = FlattenNode['path'][number];

/** A JSON object of the response tree. */
export type Tree = Record<string, unknown>;
export type ResponsePath = (string | number)[];

/** One client operation being executed: its response tree grows as subgraph answers are merged into it. */
export interface Run {
  readonly schema: SchemaIndex;
  readonly request: ExecutionRequest;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** Coerced variable values of the client operation. */
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly execute: SubgraphExecute;
  readonly data: Tree;
  readonly errors: GraphQLError[];
}
