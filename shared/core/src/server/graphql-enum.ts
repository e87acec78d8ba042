import { registerEnumType } from 'type-graphql';

/** The GraphQL enum object of a word list: every value maps to itself, so no translation is ever needed. */
export type GraphqlEnum<T extends string> = { readonly [K in T]: K };

/**
 * Registers a domain word list (`as const` array) as a GraphQL enum and returns the object type-graphql refers to
 * (`@Field(() => SeverityEnum)`). One helper for every subgraph, so the domain keeps plain string unions and no
 * TypeScript `enum` is needed.
 */
export function registerGraphqlEnum<T extends string>(
  name: string,
  values: readonly T[],
  options: { readonly description?: string } = {},
): GraphqlEnum<T> {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as GraphqlEnum<T>;
  registerEnumType(enumObject, { name, ...(options.description ? { description: options.description } : {}) });
  return enumObject;
}
