import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  TypeNameMetaFieldDef,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** What projection needs to know about one field of one type, worked out once per schema. */
export interface FieldFacts {
  readonly name: string;
  readonly namedType: GraphQLNamedType;
  readonly nonNull: boolean;
  /** For enum fields: the values a client may see (inaccessible ones answer null). */
  readonly enumValues: ReadonlySet<string> | undefined;
}

/**
 * Type questions the executor asks on every object of every answer (does `Review` satisfy `... on Node`, which
 * fields does `User` have), answered from the supergraph schema once and then from maps.
 */
export class SchemaIndex {
  /** typename → condition (a type name, or several joined by commas) → answer. */
  private readonly satisfied = new Map<string, Map<string, boolean>>();
  private readonly fields = new Map<string, Map<string, FieldFacts | null>>();
  private readonly hidden = new Map<string, boolean>();

  constructor(readonly schema: GraphQLSchema) {}

  /** The object or interface type named `name`, or undefined for anything else. */
  compositeType(name: string): GraphQLObjectType | GraphQLInterfaceType | undefined {
    const type = this.schema.getType(name);
    return isObjectType(type) || isInterfaceType(type) ? type : undefined;
  }

  /** Object types marked `@inaccessible` in the supergraph answer null, as in the runtime. */
  isInaccessibleObject(type: GraphQLObjectType | GraphQLInterfaceType): boolean {
    let known = this.hidden.get(type.name);
    if (known === undefined) {
      known = isObjectType(type) && hasInaccessible(type);
      this.hidden.set(type.name, known);
    }
    return known;
  }

  /** Whether an entity of type `typename` is selected by a type condition (or any of several). */
  satisfies(typename: string, condition: string | readonly string[]): boolean {
    let byCondition = this.satisfied.get(typename);
    if (!byCondition) {
      // Only the schema's own type names are remembered: a subgraph's answer cannot grow this map.
      if (!this.schema.getType(typename)) return false;
      byCondition = new Map();
      this.satisfied.set(typename, byCondition);
    }
    const key = typeof condition === 'string' ? condition : condition.join(',');
    let known = byCondition.get(key);
    if (known === undefined) {
      known = this.computeSatisfies(typename, typeof condition === 'string' ? [condition] : condition);
      byCondition.set(key, known);
    }
    return known;
  }

  /** Facts about `fieldName` on `type` (`__typename` included), or null when the type has no such field. */
  field(type: GraphQLObjectType | GraphQLInterfaceType, fieldName: string): FieldFacts | null {
    let byName = this.fields.get(type.name);
    if (!byName) {
      byName = new Map();
      this.fields.set(type.name, byName);
    }
    let facts = byName.get(fieldName);
    if (facts === undefined) {
      const definition = fieldName === '__typename' ? TypeNameMetaFieldDef : type.getFields()[fieldName];
      facts = definition ? factsOf(definition) : null;
      byName.set(fieldName, facts);
    }
    return facts;
  }

  private computeSatisfies(typename: string, conditions: readonly string[]): boolean {
    if (conditions.includes(typename)) return true;
    const entityType = this.schema.getType(typename);
    if (!isObjectType(entityType)) return false;
    return conditions.some((condition) => {
      const conditionType = this.schema.getType(condition);
      return isAbstractType(conditionType) && this.schema.isSubType(conditionType, entityType);
    });
  }
}

function factsOf(definition: GraphQLField<unknown, unknown>): FieldFacts {
  const namedType = getNamedType(definition.type);
  return {
    name: definition.name,
    namedType,
    nonNull: isNonNullType(definition.type),
    enumValues: isEnumType(namedType) ? visibleValues(namedType) : undefined,
  };
}

function visibleValues(type: GraphQLEnumType): ReadonlySet<string> {
  return new Set(
    type
      .getValues()
      .filter((value) => !hasInaccessible(value))
      .map((value) => value.name),
  );
}

/** `@inaccessible` in the SDL (astNode) or in the extensions graphql-tools keeps directives in. */
function hasInaccessible(element: {
  astNode?: { directives?: readonly { name: { value: string } }[] } | null;
  extensions?: unknown;
}): boolean {
  if (element.astNode?.directives?.some((directive) => directive.name.value === 'inaccessible')) return true;
  const directives = (element.extensions as { directives?: Record<string, unknown> } | undefined)?.directives;
  return Boolean(directives && 'inaccessible' in directives);
}
