import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';

/** One root field, called with placeholder arguments: enough to pass validation and reach authorization. */
export interface RootFieldProbe {
  /** `Query.account`, `Mutation.openCase`. */
  readonly label: string;
  readonly fieldName: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const ID_PLACEHOLDER = 'contract-probe-0001';

/** A value of `type` that GraphQL coerces without complaint; required input fields filled, optional ones left out. */
export function placeholderValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return placeholderValue(type.ofType, depth);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    if (depth > 8) throw new Error(`placeholderValue: input ${type.name} nests too deep`);
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = placeholderValue(field.type, depth + 1);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
        return '2026-01-01T00:00:00.000Z';
      case 'JSONObject':
        return {};
      default:
        return ID_PLACEHOLDER; // ID, String and string-shaped custom scalars
    }
  }
  throw new Error(`placeholderValue: unexpected input type ${String(type)}`);
}

function probeOf(
  operation: 'query' | 'mutation',
  root: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): RootFieldProbe {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    label: `${root.name}.${field.name}`,
    fieldName: field.name,
    query: `${operation}${declarations ? ` (${declarations})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, placeholderValue(arg.type)])),
  };
}

/**
 * A probe for every Query and Mutation field of a subgraph's SDL (as `_service { sdl }` answers it), except
 * federation's own fields. Subscriptions are left out: authorization there runs per event, not at subscribe.
 */
export function rootFieldProbes(sdl: string): RootFieldProbe[] {
  // The SDL uses federation directives it does not define: the schema is only read, never executed.
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const probes: RootFieldProbe[] = [];
  for (const [operation, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_')) continue;
      probes.push(probeOf(operation, root, field));
    }
  }
  return probes;
}
