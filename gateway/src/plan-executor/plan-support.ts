import { isKnownPath } from './flatten-path.js';
import { isKnownRequires } from './representations.js';
import type { FetchNode, PlanNode, QueryPlan } from './types.js';

const supportedPlans = new WeakMap<QueryPlan, boolean>();

/**
 * Whether this executor runs every node of `plan` itself. Deny by default: anything else — Defer, Subscription,
 * input/output rewrites, requires with fragment spreads or conditions, a Flatten over anything but an entity
 * Fetch, a root Fetch with requirements — goes to router-runtime's own executor, which stays the proven path.
 */
export function isSupportedPlan(plan: QueryPlan): boolean {
  let known = supportedPlans.get(plan);
  if (known === undefined) {
    known = plan.node !== undefined && isSupportedNode(plan.node, false);
    supportedPlans.set(plan, known);
  }
  return known;
}

function isSupportedNode(node: PlanNode, underFlatten: boolean): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every((child) => isSupportedNode(child, false));
    case 'Condition':
      return (
        (!node.ifClause || isSupportedNode(node.ifClause, false)) && (!node.elseClause || isSupportedNode(node.elseClause, false))
      );
    case 'Fetch':
      return (
        isPlainFetch(node) && (underFlatten ? Boolean(node.requires?.length && isKnownRequires(node.requires)) : !node.requires)
      );
    case 'Flatten':
      return node.node.kind === 'Fetch' && isKnownPath(node.path) && isSupportedNode(node.node, true);
    case 'BatchFetch':
      return (
        node.operationKind !== 'subscription' &&
        node.entityBatch.aliases.every(
          (alias) =>
            !alias.inputRewrites?.length &&
            !alias.outputRewrites?.length &&
            alias.paths.every(isKnownPath) &&
            isKnownRequires(alias.requires ?? []),
        )
      );
    default:
      return false;
  }
}

function isPlainFetch(node: FetchNode): boolean {
  return node.operationKind !== 'subscription' && !node.inputRewrites?.length && !node.outputRewrites?.length;
}
