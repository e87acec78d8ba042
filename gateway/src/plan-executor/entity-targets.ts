import { walkPath, type PathStep } from './flatten-path.js';
import { isTree, mergeInto } from './merge.js';
import type { RepresentationList } from './representation-list.js';
import type { RequiresSelection, ResponsePath, Run, Tree } from './types.js';

/** The entity objects one flatten path reaches, and which representation each was sent as. */
export interface EntityTargets {
  readonly steps: readonly PathStep[];
  readonly objects: readonly Tree[];
  readonly indexes: readonly number[];
  /** Each object met, with its representation's index (-1: nothing to send for it). */
  readonly indexOf: ReadonlyMap<Tree, number>;
}

/** Walks the response tree along `steps` and adds a representation of each entity found to `list`. */
export function collectTargets(
  run: Run,
  steps: readonly PathStep[],
  requires: readonly RequiresSelection[],
  list: RepresentationList,
): EntityTargets {
  const indexOf = new Map<Tree, number>();
  const objects: Tree[] = [];
  const indexes: number[] = [];
  walkPath(run.data, steps, run.schema, (entity) => {
    // The same object reached twice (an entity answer shared by two places) is represented once.
    if (indexOf.has(entity)) return;
    const index = entity.__typename == null ? -1 : list.addEntity(requires, entity, run.schema);
    indexOf.set(entity, index);
    if (index >= 0) {
      objects.push(entity);
      indexes.push(index);
    }
  });
  return { steps, objects, indexes, indexOf };
}

/** Merges the subgraph's `_entities` answers into the objects they were asked for, in place. */
export function mergeEntities(targets: EntityTargets, answers: readonly unknown[]): void {
  for (let at = 0; at < targets.objects.length; at++) {
    const answer = answers[targets.indexes[at]!];
    if (isTree(answer)) mergeInto(targets.objects[at]!, answer);
  }
}

/**
 * The concrete paths (list indices included) of every place the tree holds an entity sent as representation
 * `index`: where an error the subgraph reported for that representation belongs. Walked again only on errors.
 */
export function pathsOf(run: Run, targets: EntityTargets, index: number): ResponsePath[] {
  const paths: ResponsePath[] = [];
  walkPath(
    run.data,
    targets.steps,
    run.schema,
    (entity, trail) => {
      if (trail && targets.indexOf.get(entity) === index) paths.push(trail);
    },
    [],
  );
  return paths;
}
