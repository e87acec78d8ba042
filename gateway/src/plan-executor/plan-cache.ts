import type { QueryPlanner } from '@graphql-hive/router-query-planner';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import type { DocumentNode } from 'graphql';
import type { ExecutionRequest, QueryPlan } from './types.js';

/**
 * Plans per parsed document and operation name, as router-runtime caches them: the runtime hands the same
 * DocumentNode to every request with the same text (its parse cache), so a WeakMap lets plans go with documents.
 */
export class PlanCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Promise<QueryPlan>>>();

  constructor(private readonly planner: QueryPlanner) {}

  plan(request: ExecutionRequest): Promise<QueryPlan> {
    let byOperation = this.byDocument.get(request.document);
    if (!byOperation) {
      byOperation = new Map();
      this.byDocument.set(request.document, byOperation);
    }
    const key = request.operationName ?? '';
    let planned = byOperation.get(key);
    if (!planned) {
      const operations = byOperation;
      // No progressive override here (the handler delegates supergraphs that have labels): no labels, no percentage.
      // No abort signal either: the plan is shared, and one client going away must not fail the others waiting.
      planned = this.planner.planAsync(defaultPrintFn(request.document), request.operationName, new Set(), 0);
      planned.catch(() => operations.delete(key));
      operations.set(key, planned);
    }
    return planned;
  }
}
