import { isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { prng } from '@vigil/testing';
import { randomOperation, type ArgumentTable } from '../../gateway/test/fixtures/random-operations.js';
import type { Operation } from './differential-operations.js';
import type { ArgumentValues } from './schema-walk.js';

/**
 * `count` seeded random queries over Vigil's client schema (the gateway package's generator: field subsets,
 * aliases, fragments on abstract types, `@skip`/`@include`), `maxDepth` levels deep, with arguments from `values`.
 * The same seed writes the same operations on every run, so a difference replays.
 */
export function randomOperations(
  schema: GraphQLSchema,
  values: ArgumentValues,
  seed: number,
  count: number,
  maxDepth: number,
): Operation[] {
  const table = argumentTable(schema, values);
  const random = prng(seed);
  return Array.from({ length: count }, (_, index) => {
    const query = randomOperation(schema, table, random, maxDepth);
    const variables = { yes: true, no: false };
    const used = Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}:`)));
    return { label: `random ${seed}/${index}: ${query}`, query, variables: used };
  });
}

/** `Type.field` → its arguments written once from `values`; fields whose required arguments it cannot fill are absent. */
function argumentTable(schema: GraphQLSchema, values: ArgumentValues): ArgumentTable {
  const table: Record<string, string[]> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const given: string[] = [];
      let complete = true;
      for (const argument of field.args) {
        const value = values(argument, field, type.name);
        if (value !== undefined) given.push(`${argument.name}: ${value}`);
        else if (isNonNullType(argument.type) && argument.defaultValue === undefined) complete = false;
      }
      if (complete && given.length > 0) table[`${type.name}.${field.name}`] = [given.join(', ')];
    }
  }
  return table;
}
