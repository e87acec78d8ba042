import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import {
  getOperationAST,
  getVariableValues,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { runNode } from './execute-plan.js';
import { PlanCache } from './plan-cache.js';
import { isSupportedPlan } from './plan-support.js';
import { projectOperation } from './project.js';
import { SchemaIndex } from './schema-index.js';
import type { ExecutionRequest, GraphExecutor, HandlerOptions, HandlerResult, QueryPlan, Run } from './types.js';

/**
 * router-runtime's unified-graph handler with Vigil's own plan executor for queries and mutations (ADR 110): the
 * same Rust query planner and the same `onSubgraphExecute` path to the subgraphs, with representation identity,
 * entity merging and the final projection written for CPU. Everything it does not implement — introspection,
 * subscriptions, progressive override, pub/sub directives, plan nodes or rewrites it does not know — is handed to
 * the runtime's executor unchanged.
 */
export async function planExecutingGraphHandler(
  options: HandlerOptions,
  observe: { onDelegate?(reason: DelegationReason): void } = {},
): Promise<HandlerResult> {
  const inner = await unifiedGraphHandler(options);
  const runtimeExecutor = inner.executor;
  const sdl = options.getUnifiedGraphSDL();
  if (!runtimeExecutor || /@pubsub(Operation|Publish)\b/.test(sdl)) return inner;
  const planner = new QueryPlanner(sdl);
  if (planner.overrideLabels.length > 0 || planner.overridePercentages.length > 0) return inner;
  const schema = new SchemaIndex(inner.unifiedGraph);
  const plans = new PlanCache(planner);
  const delegate = (request: ExecutionRequest, reason: DelegationReason) => {
    observe.onDelegate?.(reason);
    return runtimeExecutor(request);
  };

  const execute = (
    request: ExecutionRequest,
    operation: OperationDefinitionNode,
    plan: QueryPlan,
    variables: Run['variables'],
  ) => {
    if (!plan.node || !isSupportedPlan(plan)) return delegate(request, 'plan');
    return executePlan(plan.node, {
      schema,
      request,
      operation,
      fragments: fragmentsOf(request.document),
      variables,
      execute: options.onSubgraphExecute,
      data: {},
      errors: [],
    });
  };

  const executor = (request: ExecutionRequest): ReturnType<GraphExecutor> => {
    const operation = getOperationAST(request.document, request.operationName);
    if (!operation || operation.operation === 'subscription') return delegate(request, 'operation');
    if (!onlyPlainRootFields(operation)) return delegate(request, 'root-selection');
    let variables = request.variables as Run['variables'];
    if (operation.variableDefinitions?.length) {
      const coerced = getVariableValues(schema.schema, operation.variableDefinitions, request.variables ?? {});
      // The runtime's executor reports invalid variables its own way.
      if (coerced.errors) return delegate(request, 'variables');
      variables = coerced.coerced;
    }
    return plans.plan(request).then((plan) => execute(request, operation, plan, variables));
  };

  // The runtime types its executor generic in the answer's shape; answers here are plain JSON objects.
  return { ...inner, executor: executor as GraphExecutor };
}

/** Why a request went to router-runtime's executor instead: see {@link planExecutingGraphHandler}. */
export type DelegationReason = 'operation' | 'root-selection' | 'variables' | 'plan';

async function executePlan(node: NonNullable<QueryPlan['node']>, run: Run): Promise<ExecutionResult> {
  await runNode(node, run);
  const result: ExecutionResult = {};
  if (Object.keys(run.data).length > 0) result.data = projectOperation(run);
  if (run.errors.length > 0) result.errors = run.errors;
  return result;
}

/** Root selections this executor answers: fields, none of them introspection (`__schema`, `__type`, `__typename`). */
function onlyPlainRootFields(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && !selection.name.value.startsWith('__'),
  );
}

const fragmentsByDocument = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let fragments = fragmentsByDocument.get(document);
  if (!fragments) {
    fragments = Object.create(null) as Record<string, FragmentDefinitionNode>;
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    fragmentsByDocument.set(document, fragments);
  }
  return fragments;
}
