import type { GraphQLError } from 'graphql';
import { collectTargets, mergeEntities, pathsOf, type EntityTargets } from './entity-targets.js';
import { relocated } from './errors.js';
import { RepresentationList } from './representation-list.js';
import { pathSteps } from './flatten-path.js';
import { callSubgraph } from './subgraph-call.js';
import type { BatchFetchNode, Run } from './types.js';
import { selectVariables } from './variables.js';

/** One alias of a batched entity fetch (`_e0: _entities(representations: $__batch_reps_0)`) and its targets. */
interface AliasTargets {
  readonly alias: string;
  readonly paths: readonly EntityTargets[];
}

/**
 * The planner's batched form: several `_entities` aliases in one subgraph call, each fed by its own
 * representations variable and answering for the entities of its own flatten paths.
 */
export async function fetchEntityBatch(node: BatchFetchNode, run: Run): Promise<void> {
  const lists = new Map<string, RepresentationList>();
  const aliases: AliasTargets[] = [];
  for (const alias of node.entityBatch.aliases) {
    if (!alias.requires?.length) continue;
    let list = lists.get(alias.representationsVariableName);
    if (!list) {
      list = new RepresentationList();
      lists.set(alias.representationsVariableName, list);
    }
    const representations = list;
    const paths = alias.paths.map((path) => collectTargets(run, pathSteps(path), alias.requires, representations));
    aliases.push({ alias: alias.alias, paths });
  }
  if (![...lists.values()].some((list) => list.items.length > 0)) return;
  const selected = selectVariables(run.variables, node.variableUsages);
  const variables: Record<string, unknown> = selected ? { ...selected } : Object.create(null);
  for (const [name, list] of lists) variables[name] = list.items;
  const result = await callSubgraph(run, node, variables, undefined);
  if (!result) return;
  for (const error of result.errors ?? []) run.errors.push(...placeBatchError(run, error, aliases));
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data || typeof data !== 'object') return;
  for (const { alias, paths } of aliases) {
    const answers = data[alias];
    if (Array.isArray(answers)) for (const targets of paths) mergeEntities(targets, answers);
  }
}

/** `[alias, i, ...rest]` becomes one error at each place the alias's representation i came from; others stay. */
function placeBatchError(run: Run, error: GraphQLError, aliases: readonly AliasTargets[]): GraphQLError[] {
  const path = error.path;
  const owner = typeof path?.[0] === 'string' ? aliases.find((alias) => alias.alias === path[0]) : undefined;
  const index = path?.[1];
  if (!path || !owner || typeof index !== 'number') return [error];
  const places = owner.paths.flatMap((targets) => pathsOf(run, targets, index));
  if (places.length === 0) return [error];
  return places.map((place) => relocated(error, [...place, ...path.slice(2)]));
}
