/**
 * Builds operations that select every field reachable from a root field of an introspected schema, to walk a
 * whole graph as one caller would. Arguments come from a caller-supplied resolver (by argument name and the
 * field's return type); a field with a required argument it cannot fill is skipped and reported.
 */
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** A GraphQL literal for `argument` of `field` (on `parentType`), or undefined to leave an optional one out. */
export type ArgumentValues = (
  argument: GraphQLArgument,
  field: GraphQLField<unknown, unknown>,
  parentType: string,
) => string | undefined;

export interface WalkOperation {
  /** `Query.account` / `Subscription.alertRaised` (+ `> child` when split). */
  readonly label: string;
  readonly source: string;
}

export interface WalkPlan {
  readonly operations: readonly WalkOperation[];
  /** Fields left out because a required argument had no value: `Type.field(arg)`. */
  readonly skipped: readonly string[];
  /** Every `Type.field` selected somewhere in the plan. */
  readonly fields: ReadonlySet<string>;
}

/**
 * One operation per root field, and — so that nested lists stay under the gateway's cost limit — one per object
 * field of the root field's type, each selecting `depth` levels below it.
 */
export function planWalk(
  schema: GraphQLSchema,
  root: 'query' | 'subscription',
  values: ArgumentValues,
  depth: number,
  excluded: ReadonlySet<string> = new Set(),
): WalkPlan {
  const skipped = new Set<string>();
  const fields = new Set<string>();
  const rootType = root === 'query' ? schema.getQueryType() : schema.getSubscriptionType();
  if (!rootType) return { operations: [], skipped: [], fields };
  const operations: WalkOperation[] = [];

  const argumentsOf = (field: GraphQLField<unknown, unknown>, parentType: string): string | null => {
    const given: string[] = [];
    for (const argument of field.args) {
      const value = values(argument, field, parentType);
      if (value !== undefined) given.push(`${argument.name}: ${value}`);
      else if (isNonNullType(argument.type) && argument.defaultValue === undefined) {
        skipped.add(`${parentType}.${field.name}(${argument.name})`);
        return null;
      }
    }
    return given.length > 0 ? `(${given.join(', ')})` : '';
  };

  const selectionOf = (type: GraphQLNamedType, remaining: number): string | null => {
    if (isLeafType(type)) return '';
    if (remaining <= 0) return null;
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = schema.getPossibleTypes(type);
      const parts = possible
        .map((member) => [member.name, objectSelection(member, remaining)] as const)
        .filter((entry): entry is readonly [string, string] => entry[1] !== null)
        .map(([name, selection]) => `... on ${name} ${selection}`);
      return `{ __typename ${parts.join(' ')} }`;
    }
    return isObjectType(type) ? objectSelection(type, remaining) : null;
  };

  const fieldSelection = (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, remaining: number): string | null => {
    if (field.name.startsWith('__') || field.name === '_entities' || field.name === '_service') return null;
    if (excluded.has(`${type.name}.${field.name}`)) return null;
    const args = argumentsOf(field, type.name);
    if (args === null) return null;
    const selection = selectionOf(getNamedType(field.type), remaining - 1);
    if (selection === null) return null;
    fields.add(`${type.name}.${field.name}`);
    return `${field.name}${args} ${selection}`.trim();
  };

  const objectSelection = (type: GraphQLObjectType, remaining: number): string | null => {
    const parts = Object.values(type.getFields())
      .map((field) => fieldSelection(type, field, remaining))
      .filter((part): part is string => part !== null && part.length > 0);
    return parts.length > 0 ? `{ __typename ${parts.join(' ')} }` : null;
  };

  const keyword = root === 'query' ? 'query' : 'subscription';
  for (const field of Object.values(rootType.getFields())) {
    if (field.name.startsWith('_')) continue;
    const args = argumentsOf(field, rootType.name);
    if (args === null) continue;
    const returned = getNamedType(field.type);
    const label = `${rootType.name}.${field.name}`;
    if (!isObjectType(returned) || root === 'subscription') {
      const selection = selectionOf(returned, depth);
      if (selection === null) continue;
      fields.add(label);
      operations.push({ label, source: `${keyword} { ${field.name}${args} ${selection} }` });
      continue;
    }
    fields.add(label);
    // Leaves of the root's type in one operation, each object child in its own.
    const leaves = Object.values(returned.getFields()).filter((child) => isLeafType(getNullableType(getNamedType(child.type))));
    const leafSelection = leaves.map((child) => fieldSelection(returned, child, depth)).filter(Boolean);
    operations.push({ label, source: `${keyword} { ${field.name}${args} { __typename ${leafSelection.join(' ')} } }` });
    for (const child of Object.values(returned.getFields())) {
      if (leaves.includes(child)) continue;
      const selection = fieldSelection(returned, child, depth);
      if (selection === null) continue;
      operations.push({
        label: `${label} > ${child.name}`,
        source: `${keyword} { ${field.name}${args} { __typename ${selection} } }`,
      });
    }
  }
  return { operations, skipped: [...skipped].sort(), fields };
}

/**
 * `Type.field` of the field at a response `path` (list indices skipped), or undefined where the path passes
 * through an abstract type. Lets a walk leave out a field its caller may not read (a non-null forbidden field
 * nulls its whole parent, which would hide the parent's other fields from the walk).
 */
export function coordinateAt(
  schema: GraphQLSchema,
  root: 'query' | 'subscription',
  path: ReadonlyArray<string | number>,
): string | undefined {
  let type: GraphQLNamedType | null | undefined = root === 'query' ? schema.getQueryType() : schema.getSubscriptionType();
  const names = path.filter((segment): segment is string => typeof segment === 'string');
  for (const [index, name] of names.entries()) {
    if (!isObjectType(type)) return undefined;
    const field: GraphQLField<unknown, unknown> | undefined = type.getFields()[name];
    if (!field) return undefined;
    if (index === names.length - 1) return `${type.name}.${name}`;
    type = getNamedType(field.type);
  }
  return undefined;
}
