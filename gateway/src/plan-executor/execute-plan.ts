import { fetchEntityBatch } from './batch-fetch.js';
import { fetchFlattenedEntities } from './entity-fetch.js';
import { fetchRootFields } from './root-fetch.js';
import type { PlanNode, Run } from './types.js';

/** Runs one node of a plan that {@link isSupportedPlan} accepted: fetches in order, parallel ones together. */
export async function runNode(node: PlanNode, run: Run): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(child, run);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(child, run)));
      return;
    case 'Condition': {
      const branch = run.variables?.[node.condition] === true ? node.ifClause : node.elseClause;
      if (branch) await runNode(branch, run);
      return;
    }
    case 'Fetch':
      return fetchRootFields(node, run);
    case 'Flatten':
      return fetchFlattenedEntities(node, run);
    case 'BatchFetch':
      return fetchEntityBatch(node, run);
    default:
      throw new Error(`Plan node "${node.kind}" is not executed here.`);
  }
}
