import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface OperationComplexity {
  /** Deepest field nesting; `{ a { b } }` has depth 2. */
  readonly depth: number;
  /** Estimated cost: every field costs 1 per item its enclosing lists are expected to return. */
  readonly cost: number;
}

/** measureOperation's figures, and whether a list size came from a variable (they hold for those values only). */
export interface MeasuredOperation extends OperationComplexity {
  readonly readVariables: boolean;
}

/** Arguments that bound the length of a list field; the first one present wins. */
const LIST_SIZE_ARGUMENTS = ['first', 'last', 'limit', 'take', 'pageSize'];

/**
 * Measures an operation before anything is sent to a subgraph. A list field multiplies the cost of what
 * it selects by its `first`/`last`/`limit` argument (literal or variable), else by `defaultListSize`.
 * Introspection meta-fields (`__schema`, `__type`, `__typename`) are not counted: their size is bounded
 * by the schema, and GraphiQL's introspection query is deeper than any business query should be.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  defaultListSize: number,
): OperationComplexity {
  const { depth, cost } = measureOperationVariableUse(schema, document, operation, variables, defaultListSize);
  return { depth, cost };
}

/** measureOperation, telling also whether the figures depend on variable values (see useOperationLimits' cache). */
export function measureOperationVariableUse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  defaultListSize: number,
): MeasuredOperation {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0, readVariables: false };

  let readVariables = false;
  const listSize = (field: FieldNode): number => {
    for (const name of LIST_SIZE_ARGUMENTS) {
      const argument = field.arguments?.find((arg) => arg.name.value === name);
      if (argument) {
        if (argument.value.kind === Kind.VARIABLE) readVariables = true;
        const size = numericValue(argument.value, variables);
        if (size !== undefined) return size;
      }
    }
    return defaultListSize;
  };

  // Cost is linear in the enclosing lists' sizes, so each selection set is measured once at multiplier 1 and
  // scaled by its parent; fragments are memoised, so a "fragment bomb" costs linear time to measure.
  const fragmentResults = new Map<string, OperationComplexity>();
  const measure = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    visiting: ReadonlySet<string>,
  ): OperationComplexity => {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      let inner: OperationComplexity | undefined;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const fieldDef = 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
        if (!fieldDef) continue; // unknown fields are reported by GraphQL validation
        const namedType = getNamedType(fieldDef.type);
        const children =
          selection.selectionSet && isCompositeType(namedType)
            ? measure(selection.selectionSet, namedType, visiting)
            : { depth: 0, cost: 0 };
        const items = isListType(getNullableType(fieldDef.type)) ? listSize(selection) : 1;
        inner = { depth: children.depth + 1, cost: 1 + items * children.cost };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditionType = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!conditionType || !isCompositeType(conditionType)) continue;
        inner = measure(selection.selectionSet, conditionType, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // unknown fragments and cycles are validation errors
        inner = fragmentResults.get(name);
        if (!inner) {
          const conditionType = schema.getType(fragment.typeCondition.name.value);
          if (!conditionType || !isCompositeType(conditionType)) continue;
          inner = measure(fragment.selectionSet, conditionType, new Set([...visiting, name]));
          fragmentResults.set(name, inner);
        }
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
    return { depth, cost };
  };

  const { depth, cost } = measure(operation.selectionSet, root, new Set());
  return { depth, cost, readVariables };
}

function numericValue(value: ValueNode, variables: Readonly<Record<string, unknown>>): number | undefined {
  const raw =
    value.kind === Kind.VARIABLE ? variables[value.name.value] : value.kind === Kind.INT ? Number(value.value) : undefined;
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : undefined;
}
