import { flatRequiresOf, representationText, type FlatField } from './representations.js';
import type { SchemaIndex } from './schema-index.js';
import type { RequiresSelection, Tree } from './types.js';

/** Key values of the flat requirements, level by level, down to a representation's index (-1: nothing to send). */
type KeyLevel = Map<unknown, KeyLevel | number>;

/**
 * The representations sent in one `_entities` variable, each once. Identity is the JSON text of a representation
 * written in the plan's key order, so equal entities met at many places of the tree are one entry. The text is
 * only written the first time a combination of key values is met: for the usual flat requirements, later
 * entities are found by their raw key values (`__typename`, then each required field in plan order), which
 * determine the text. Values that are equal as JSON but not as map keys (two objects, `null` and absent) only miss
 * this shortcut and meet again at the text.
 */
export class RepresentationList {
  readonly items: Tree[] = [];
  private readonly indexByIdentity = new Map<string, number>();
  private readonly byKeyValues = new Map<readonly RequiresSelection[], KeyLevel>();

  /** The index of `entity`'s representation under `requires`, added when new; -1 when there is nothing to send. */
  addEntity(requires: readonly RequiresSelection[], entity: Tree, schema: SchemaIndex): number {
    const flat = flatRequiresOf(requires);
    const typename = entity.__typename;
    if (!flat || typeof typename !== 'string') return this.addText(representationText(requires, entity, schema));
    let level: KeyLevel | undefined = this.byKeyValues.get(requires);
    if (!level) {
      level = new Map();
      this.byKeyValues.set(requires, level);
    }
    let key: unknown = typename;
    for (const group of flat.groups) {
      if (group.typeCondition !== undefined && !schema.satisfies(typename, group.typeCondition)) continue;
      for (const field of group.fields) {
        let next: KeyLevel | number | undefined = level.get(key);
        if (next === undefined) {
          next = new Map();
          level.set(key, next);
        } else if (typeof next === 'number') {
          return this.addText(representationText(requires, entity, schema));
        }
        level = next;
        key = valueOf(entity, field);
      }
    }
    const known = level.get(key);
    if (typeof known === 'number') return known;
    const index = this.addText(representationText(requires, entity, schema));
    if (known === undefined) level.set(key, index);
    return index;
  }

  /** The index of the representation whose JSON text is `identity`, added when new; -1 for null. */
  private addText(identity: string | null): number {
    if (identity === null) return -1;
    let index = this.indexByIdentity.get(identity);
    if (index === undefined) {
      index = this.items.length;
      this.items.push(JSON.parse(identity) as Tree);
      this.indexByIdentity.set(identity, index);
    }
    return index;
  }
}

/** A required field's value as {@link representationText} reads it: by name, else by response key. */
function valueOf(entity: Tree, field: FlatField): unknown {
  const value = entity[field.name];
  return value === undefined ? entity[field.key] : value;
}
