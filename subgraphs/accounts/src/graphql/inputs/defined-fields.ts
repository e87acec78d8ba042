/**
 * The fields of an input object that were given. type-graphql builds input classes whose absent fields may exist as
 * `undefined` own properties; a `$set` of those would erase stored values, so updates take only what was sent.
 */
export function definedFields<T extends object>(input: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(input ?? {}).filter(([, value]) => value !== undefined && value !== null),
  ) as Partial<T>;
}
