import {
  isInterfaceType,
  isObjectType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded } from './directives.js';
import { mergeValue } from './merge.js';
import { projectionPlan } from './projection-plan.js';
import type { Run, Tree } from './types.js';

type Composite = GraphQLObjectType | GraphQLInterfaceType;

/**
 * The client's answer: the response tree cut down to the operation's selection (aliases, fragments and type
 * conditions, `@skip` / `@include`, `__typename`, enum values the client may see). Same rules as router-runtime's
 * projection — an object missing a non-null field answers null — except that a field selected twice in one
 * selection set has its selections merged (spec), where the runtime concatenated two copies of a list.
 */
export function projectOperation(run: Run): Tree {
  const rootType = run.schema.schema.getRootType(run.operation.operation);
  if (!rootType) throw new Error('Root type not found');
  return project(run.data, run.operation.selectionSet, rootType, run) as Tree;
}

function project(data: unknown, selectionSet: SelectionSetNode, type: GraphQLNamedType, run: Run): unknown {
  if (data == null) return data;
  if (Array.isArray(data)) {
    const items: unknown[] = [];
    for (let index = 0; index < data.length; index++) items.push(project(data[index], selectionSet, type, run));
    return items;
  }
  if (typeof data !== 'object') return null;
  const object = data as Tree;
  const typename = object.__typename;
  const concrete = typename != null ? run.schema.compositeType(String(typename)) : isComposite(type) ? type : undefined;
  if (!concrete || run.schema.isInaccessibleObject(concrete)) return null;
  const result: Tree = {};
  return projectInto(result, object, selectionSet, concrete, type, run) ? result : null;
}

/** Writes the selection's fields of `object` into `result`; false when a non-null field is missing. */
function projectInto(
  result: Tree,
  object: Tree,
  selectionSet: SelectionSetNode,
  concrete: Composite,
  staticType: GraphQLNamedType,
  run: Run,
): boolean {
  const { schema } = run;
  const typename = typeof object.__typename === 'string' ? object.__typename : undefined;
  for (const step of projectionPlan(selectionSet, concrete, run).steps) {
    if (step.conditional && !isIncluded(step.selection, run.variables)) continue;
    if (step.kind === 'field') {
      const { facts: field, key } = step;
      if (!field) throw new Error(`Field not found: ${step.selection.name.value} on ${concrete.name}`);
      const raw = object[key];
      if (raw === undefined) {
        if (field.name === '__typename') result[key] = staticType.name;
        else if (field.nonNull) return false;
        else result[key] = null;
        continue;
      }
      let value: unknown = raw;
      const subSelection = step.selection.selectionSet;
      if (subSelection) {
        value = project(raw, subSelection, field.namedType, run);
      } else if (field.enumValues) {
        value = visibleEnum(raw, field.enumValues);
      }
      const existing = result[key];
      result[key] = existing != null && typeof existing === 'object' && value != null ? mergeValue(existing, value) : value;
      continue;
    }
    const { selectionSet: fragment, condition } = step;
    if (!fragment) throw new Error(`Fragment "${step.name}" not found`);
    // As in the runtime: a spread's type condition is only checked on objects that carry a __typename.
    const checked = typename !== undefined || step.inline;
    if (condition && checked && !schema.satisfies(typename ?? concrete.name, condition)) continue;
    const fragmentType = typename ? concrete : condition ? schema.compositeType(condition) : concrete;
    if (!fragmentType || schema.isInaccessibleObject(fragmentType)) continue;
    // A fragment missing a non-null field adds nothing, and the object stays (the runtime's rule). Checked
    // first, so that a fragment's fields are written straight into the result (no object per fragment).
    if (!missesNonNullField(object, fragment, fragmentType, run)) {
      projectInto(result, object, fragment, fragmentType, fragmentType, run);
    }
  }
  return true;
}

/** Whether a field of the selection set itself (not of its fragments) is non-null and absent from `object`. */
function missesNonNullField(object: Tree, selectionSet: SelectionSetNode, type: Composite, run: Run): boolean {
  for (const step of projectionPlan(selectionSet, type, run).nonNullFields) {
    if (object[step.key] !== undefined) continue;
    if (step.conditional && !isIncluded(step.selection, run.variables)) continue;
    return true;
  }
  return false;
}

function visibleEnum(value: unknown, visible: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => visibleEnum(item, visible));
  return typeof value === 'string' && visible.has(value) ? value : null;
}

function isComposite(type: GraphQLNamedType): type is Composite {
  return isObjectType(type) || isInterfaceType(type);
}
