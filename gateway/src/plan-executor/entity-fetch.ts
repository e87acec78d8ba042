import type { GraphQLError } from 'graphql';
import { collectTargets, mergeEntities, pathsOf, type EntityTargets } from './entity-targets.js';
import { relocated } from './errors.js';
import { RepresentationList } from './representation-list.js';
import { fetchDocument } from './fetch-documents.js';
import { fieldNames, pathSteps } from './flatten-path.js';
import { callSubgraph } from './subgraph-call.js';
import type { FetchNode, FlattenNode, ResponsePath, Run } from './types.js';
import { selectVariables } from './variables.js';

/**
 * Flatten over an entity Fetch: one `_entities` call for every entity the path reaches (each representation
 * once), answers merged into those objects in place.
 */
export async function fetchFlattenedEntities(node: FlattenNode, run: Run): Promise<void> {
  const fetch = node.node as FetchNode;
  const steps = pathSteps(node.path);
  const list = new RepresentationList();
  const targets = collectTargets(run, steps, fetch.requires ?? [], list);
  if (list.items.length === 0) return;
  const wholePath = fieldNames(steps) ?? fetchDocument(fetch).rootPath;
  const selected = selectVariables(run.variables, fetch.variableUsages);
  const variables = selected ? { ...selected, representations: list.items } : { representations: list.items };
  const result = await callSubgraph(run, fetch, variables, wholePath);
  if (!result) return;
  for (const error of result.errors ?? []) run.errors.push(...placeEntityError(run, error, targets, wholePath));
  const entities = (result.data as { _entities?: unknown } | null | undefined)?._entities;
  if (Array.isArray(entities)) mergeEntities(targets, entities);
}

/** `["_entities", i, ...rest]` becomes one error at each place representation i came from; others go to `wholePath`. */
function placeEntityError(run: Run, error: GraphQLError, targets: EntityTargets, wholePath: ResponsePath): GraphQLError[] {
  const path = error.path;
  const at = path ? path.indexOf('_entities') : -1;
  const index = path && at >= 0 ? path[at + 1] : undefined;
  if (path && typeof index === 'number') {
    const places = pathsOf(run, targets, index);
    if (places.length) return places.map((place) => relocated(error, [...place, ...path.slice(at + 2)]));
  }
  return [relocated(error, wholePath)];
}
