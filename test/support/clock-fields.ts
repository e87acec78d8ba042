import {
  getNamedType,
  isCompositeType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * Fields whose value is the clock of the server that answered, not stored data: two gateways asked at the same
 * moment read it at two moments (a millisecond timestamp, a count of seconds that ticks between the two reads),
 * and under load they never agree however often the comparison retries.
 */
const CLOCK_FIELDS = new Set(['AlertEvidenceVerification.checkedAt', 'SlaTimer.elapsedSeconds', 'SlaTimer.remainingSeconds']);

/** The stand-in written over a clock field's value in both answers before they are compared. */
export const CLOCK_VALUE = '<clock>';

/**
 * The response paths (response keys joined by `/`, list items transparent) of every clock field `query` selects,
 * through aliases, inline fragments and named fragments. Empty when the query does not parse.
 */
export function clockPaths(schema: GraphQLSchema, query: string): Set<string> {
  const found = new Set<string>();
  let document;
  try {
    document = parse(query);
  } catch {
    return found;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const visit = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, prefix: string, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const path = prefix ? `${prefix}/${key}` : key;
        if (CLOCK_FIELDS.has(`${type.name}.${selection.name.value}`)) found.add(path);
        const field = 'getFields' in type ? type.getFields()[selection.name.value] : undefined;
        const next = field ? getNamedType(field.type) : undefined;
        if (selection.selectionSet && next && isCompositeType(next)) visit(selection.selectionSet, next, path, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) visit(selection.selectionSet, condition, prefix, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        const inside = new Set(seen).add(fragment.name.value);
        if (condition && isCompositeType(condition)) visit(fragment.selectionSet, condition, prefix, inside);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(definition.operation);
    if (root) visit(definition.selectionSet, root, '', new Set());
  }
  return found;
}

/** `data` with every value at one of `paths` replaced by {@link CLOCK_VALUE} (nulls stay: they are not a clock). */
export function withoutClocks(data: unknown, paths: ReadonlySet<string>, prefix = ''): unknown {
  if (paths.size === 0 || data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map((item) => withoutClocks(item, paths, prefix));
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      const path = prefix ? `${prefix}/${key}` : key;
      if (paths.has(path) && value !== null) return [key, CLOCK_VALUE];
      return [key, withoutClocks(value, paths, path)];
    }),
  );
}
