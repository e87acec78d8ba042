import type { SchemaIndex } from './schema-index.js';
import { isTree } from './merge.js';
import type { FlattenPathSegment, ResponsePath, Tree } from './types.js';

/** A flatten path as the planner writes it, read once per plan node. */
export type PathStep = { readonly field: string } | { readonly list: true } | { readonly cast: readonly string[] };

const stepsByPath = new WeakMap<readonly FlattenPathSegment[], readonly PathStep[]>();

export function pathSteps(path: readonly FlattenPathSegment[]): readonly PathStep[] {
  let steps = stepsByPath.get(path);
  if (!steps) {
    steps = path.map(toStep);
    stepsByPath.set(path, steps);
  }
  return steps;
}

/** Whether every segment is one this executor walks (a field, `@`, a type condition). */
export function isKnownPath(path: readonly FlattenPathSegment[]): boolean {
  return path.every(
    (segment) =>
      segment === '@' ||
      (typeof segment === 'object' &&
        segment !== null &&
        (typeof (segment as { Field?: unknown }).Field === 'string' ||
          Array.isArray((segment as { TypeCondition?: unknown }).TypeCondition))),
  );
}

/** The field names of a path: where the runtime reports a failed entity fetch as a whole. */
export function fieldNames(steps: readonly PathStep[]): ResponsePath | undefined {
  const names = steps.flatMap((step) => ('field' in step ? [step.field] : []));
  return names.length ? names : undefined;
}

type Visit = (entity: Tree, trail: ResponsePath | undefined) => void;

/**
 * Calls `visit` with every object the path reaches, in document order. A field met on a list applies to each
 * item, `@` steps into list items, a type condition keeps objects whose `__typename` satisfies it. `trail` is the
 * concrete path of the object (indices included) when given; it is only asked for when errors are relocated.
 * Plain loops and no closure per call: this runs for every object on every entity fetch's path.
 */
export function walkPath(root: Tree, steps: readonly PathStep[], schema: SchemaIndex, visit: Visit, trail?: ResponsePath): void {
  walk(root, 0, steps, schema, visit, trail);
}

function walk(
  current: unknown,
  at: number,
  steps: readonly PathStep[],
  schema: SchemaIndex,
  visit: Visit,
  trail: ResponsePath | undefined,
): void {
  if (current == null) return;
  const step = steps[at];
  if (step === undefined) {
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        const item: unknown = current[index];
        if (!isTree(item)) continue;
        if (trail) {
          trail.push(index);
          visit(item, [...trail]);
          trail.pop();
        } else {
          visit(item, undefined);
        }
      }
    } else if (isTree(current)) {
      visit(current, trail && [...trail]);
    }
    return;
  }
  if ('list' in step) {
    if (!Array.isArray(current)) return;
    for (let index = 0; index < current.length; index++) {
      trail?.push(index);
      walk(current[index], at + 1, steps, schema, visit, trail);
      trail?.pop();
    }
    return;
  }
  if (Array.isArray(current)) {
    for (let index = 0; index < current.length; index++) walk(current[index], at, steps, schema, visit, trail);
    return;
  }
  if (typeof current !== 'object') return;
  const object = current as Tree;
  if ('field' in step) {
    trail?.push(step.field);
    walk(object[step.field], at + 1, steps, schema, visit, trail);
    trail?.pop();
    return;
  }
  const typename = object.__typename;
  const kept =
    typeof typename === 'string'
      ? schema.satisfies(typename, step.cast)
      : step.cast.some((candidate) => schema.satisfies(candidate, step.cast));
  if (kept) walk(object, at + 1, steps, schema, visit, trail);
}

function toStep(segment: FlattenPathSegment): PathStep {
  if (segment === '@') return { list: true };
  if ('Field' in segment) return { field: segment.Field };
  return { cast: segment.TypeCondition };
}
