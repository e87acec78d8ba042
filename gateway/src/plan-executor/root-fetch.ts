import { relocated } from './errors.js';
import { fetchDocument } from './fetch-documents.js';
import { isTree, mergeInto } from './merge.js';
import { callSubgraph } from './subgraph-call.js';
import type { FetchNode, Run } from './types.js';
import { selectVariables } from './variables.js';

/** A fetch of root fields: its answer is merged into the response tree; errors without a path go to its first field. */
export async function fetchRootFields(node: FetchNode, run: Run): Promise<void> {
  const { rootPath } = fetchDocument(node);
  const selected = selectVariables(run.variables, node.variableUsages);
  const result = await callSubgraph(run, node, selected && { ...selected }, rootPath);
  if (!result) return;
  for (const error of result.errors ?? []) run.errors.push(error.path ? error : relocated(error, rootPath));
  if (isTree(result.data)) mergeInto(run.data, result.data);
}
