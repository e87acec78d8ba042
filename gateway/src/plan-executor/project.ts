import {
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded } from './directives.js';
import { mergeValue } from './merge.js';
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
  if (Array.isArray(data)) return data.map((item) => project(item, selectionSet, type, run));
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
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length && !isIncluded(selection, run.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const field = schema.field(concrete, selection.name.value);
      if (!field) throw new Error(`Field not found: ${selection.name.value} on ${concrete.name}`);
      const key = selection.alias?.value ?? selection.name.value;
      const raw = object[key];
      if (raw === undefined) {
        if (field.name === '__typename') result[key] = staticType.name;
        else if (field.nonNull) return false;
        else result[key] = null;
        continue;
      }
      let value: unknown = raw;
      if (selection.selectionSet) {
        value = project(raw, selection.selectionSet, field.namedType, run);
      } else if (field.enumValues) {
        value = visibleEnum(raw, field.enumValues);
      }
      const existing = result[key];
      result[key] = existing != null && typeof existing === 'object' && value != null ? mergeValue(existing, value) : value;
      continue;
    }
    let fragment: SelectionSetNode;
    let condition: string | undefined;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      fragment = selection.selectionSet;
      condition = selection.typeCondition?.name.value;
    } else {
      const definition = run.fragments[selection.name.value];
      if (!definition) throw new Error(`Fragment "${selection.name.value}" not found`);
      fragment = definition.selectionSet;
      condition = definition.typeCondition.name.value;
    }
    // As in the runtime: a spread's type condition is only checked on objects that carry a __typename.
    const checked = typename !== undefined || selection.kind === Kind.INLINE_FRAGMENT;
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
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || object[selection.alias?.value ?? selection.name.value] !== undefined) continue;
    if (selection.directives?.length && !isIncluded(selection, run.variables)) continue;
    const field = run.schema.field(type, selection.name.value);
    if (field && field.nonNull && field.name !== '__typename') return true;
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
