import { mergeInto } from './merge.js';
import type { SchemaIndex } from './schema-index.js';
import type { RequiresSelection, Tree } from './types.js';

/** Whether the executor builds representations for these selections: fields and type conditions only. */
export function isKnownRequires(selections: readonly RequiresSelection[]): boolean {
  return selections.every((selection) => {
    if (selection.kind === 'Field') return !selection.selections || isKnownRequires(selection.selections);
    if (selection.kind === 'InlineFragment') {
      return !selection.skipIf && !selection.includeIf && isKnownRequires(selection.selections);
    }
    return false;
  });
}

/**
 * The representation of `entity` a subgraph's `_entities` needs: the required fields in the order the plan lists
 * them (so that `JSON.stringify` of two representations of the same entity is the same text, with no sorting),
 * `__typename` last when the requirements did not name it. Null when nothing but `__typename` would be sent.
 */
export function representation(requires: readonly RequiresSelection[], entity: Tree, schema: SchemaIndex): Tree | null {
  const projected = projectObject(requires, entity, schema);
  if (!projected) return null;
  if (projected.__typename == null) projected.__typename = entity.__typename;
  return projected;
}

function projectObject(selections: readonly RequiresSelection[], entity: Tree, schema: SchemaIndex): Tree | null {
  const result: Tree = {};
  let keys = 0;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const key = selection.alias ?? selection.name;
      let original = entity[selection.name];
      if (original === undefined) original = entity[key];
      const value = selection.selections ? projectValue(selection.selections, original, schema) : original;
      if (value != null) {
        if (!(key in result)) keys += 1;
        result[key] = value;
      }
    } else if (selection.kind === 'InlineFragment') {
      const typename = entity.__typename;
      if (typeof typename === 'string' && schema.satisfies(typename, selection.typeCondition)) {
        const projected = projectObject(selection.selections, entity, schema);
        if (projected) {
          mergeInto(result, projected);
          keys = Object.keys(result).length;
        }
      }
    }
  }
  if (keys === 0 || (keys === 1 && result.__typename)) return null;
  return result;
}

function projectValue(selections: readonly RequiresSelection[], value: unknown, schema: SchemaIndex): unknown {
  if (!value) return value;
  if (Array.isArray(value)) return value.map((item) => projectValue(selections, item, schema));
  if (typeof value !== 'object') return projectObject(selections, {}, schema);
  return projectObject(selections, value as Tree, schema);
}
