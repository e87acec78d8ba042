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

/** A leaf field of a flat requirement list, with the JSON text of its key ready. */
export interface FlatField {
  readonly name: string;
  readonly key: string;
  readonly keyText: string;
}

/** Requirements of the usual shape, `... on T { __typename id }`: leaf fields, under type conditions at most once. */
export interface FlatRequires {
  readonly groups: readonly { readonly typeCondition: string | undefined; readonly fields: readonly FlatField[] }[];
}

const flatRequires = new WeakMap<readonly RequiresSelection[], FlatRequires | null>();

/**
 * The JSON text of `entity`'s representation — its identity for deduplication — or null when nothing but
 * `__typename` would be sent. For the usual flat requirements the text is written straight from the entity (no
 * object built, no sorting); {@link representation} of the text's JSON is then the same object.
 */
export function representationText(requires: readonly RequiresSelection[], entity: Tree, schema: SchemaIndex): string | null {
  const flat = flatRequiresOf(requires);
  if (!flat) {
    const built = representation(requires, entity, schema);
    return built && JSON.stringify(built);
  }
  const typename = entity.__typename;
  let text = '';
  let keys = 0;
  let hasTypename = false;
  // The runtime's rule, kept to the letter: a lone `__typename` is "nothing to send" only when it is not empty.
  let onlyTypenameIsEmpty = false;
  for (const group of flat.groups) {
    if (group.typeCondition !== undefined && !(typeof typename === 'string' && schema.satisfies(typename, group.typeCondition))) {
      continue;
    }
    for (const field of group.fields) {
      let value = entity[field.name];
      if (value === undefined) value = entity[field.key];
      if (value == null) continue;
      text += `${keys === 0 ? '' : ','}${field.keyText}:${JSON.stringify(value)}`;
      keys += 1;
      if (field.key === '__typename') {
        hasTypename = true;
        onlyTypenameIsEmpty = !value;
      }
    }
  }
  if (keys === 0 || (keys === 1 && hasTypename && !onlyTypenameIsEmpty)) return null;
  return hasTypename ? `{${text}}` : `{${text},"__typename":${JSON.stringify(typename)}}`;
}

/** The flat form of `requires` (worked out once per plan node), or null when it has nested selections. */
export function flatRequiresOf(requires: readonly RequiresSelection[]): FlatRequires | null {
  let flat = flatRequires.get(requires);
  if (flat === undefined) {
    flat = flatten(requires);
    flatRequires.set(requires, flat);
  }
  return flat;
}

function flatten(requires: readonly RequiresSelection[]): FlatRequires | null {
  const groups: { typeCondition: string | undefined; fields: FlatField[] }[] = [];
  const seen = new Set<string>();
  const leaf = (selection: RequiresSelection): FlatField | null => {
    if (selection.kind !== 'Field' || selection.selections) return null;
    const key = selection.alias ?? selection.name;
    if (seen.has(key)) return null;
    seen.add(key);
    return { name: selection.name, key, keyText: JSON.stringify(key) };
  };
  for (const selection of requires) {
    if (selection.kind === 'InlineFragment') {
      const fields = selection.selections.map(leaf);
      if (fields.some((field) => !field)) return null;
      groups.push({ typeCondition: selection.typeCondition, fields: fields as FlatField[] });
    } else {
      const field = leaf(selection);
      if (!field) return null;
      groups.push({ typeCondition: undefined, fields: [field] });
    }
  }
  return { groups };
}
