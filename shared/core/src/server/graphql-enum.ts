import { registerEnumType } from 'type-graphql';

/** The enum object type-graphql needs, built from an `as const` list: `{ A: 'A', B: 'B' }`. */
export type GraphqlEnum<TValue extends string> = { readonly [K in TValue]: K };

/**
 * Registers a GraphQL enum whose values are a domain `as const` list (no TypeScript `enum`), and returns the
 * object to pass to `@Field(() => …)`. The one enum helper of every subgraph.
 */
export function registerGraphqlEnum<const TValue extends string>(
  values: readonly TValue[],
  options: { readonly name: string; readonly description?: string },
): GraphqlEnum<TValue> {
  const graphqlEnum = Object.fromEntries(values.map((value) => [value, value])) as GraphqlEnum<TValue>;
  registerEnumType(graphqlEnum, options);
  return graphqlEnum;
}
