import { walkPath, type PathStep } from './flatten-path.js';
import { isTree, mergeInto } from './merge.js';
import { representationText } from './representations.js';
import type { RequiresSelection, ResponsePath, Run, Tree } from './types.js';

/**
 * The representations sent in one `_entities` variable, each once: identity is the JSON text of a representation
 * written in the plan's key order, so equal entities met at many places of the tree are one entry.
 */
export class RepresentationList {
  readonly items: Tree[] = [];
  private readonly indexByIdentity = new Map<string, number>();

  /** The index of the representation whose JSON text is `identity`, added when new. */
  add(identity: string): number {
    let index = this.indexByIdentity.get(identity);
    if (index === undefined) {
      index = this.items.length;
      this.items.push(JSON.parse(identity) as Tree);
      this.indexByIdentity.set(identity, index);
    }
    return index;
  }
}

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
    const identity = entity.__typename == null ? null : representationText(requires, entity, run.schema);
    const index = identity === null ? -1 : list.add(identity);
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
