import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../src/index.js';

const schema = buildSchema(`
  type Account { id: ID! name: String! devices(first: Int): [Device!]! related: [Account!]! owner: Account }
  type Device { id: ID! label: String! }
  type Query { account(id: ID!): Account accounts(first: Int): [Account!]! }
`);

const measure = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  return measureOperation(schema, document, getOperationAST(document)!, variables, 10);
};

describe('measureOperation', () => {
  it('counts depth and one per field for single objects', () => {
    expect(measure('{ account(id: "1") { id owner { id name } } }')).toEqual({ depth: 3, cost: 5 });
  });

  it('multiplies what a list selects by its first argument, literal or variable', () => {
    expect(measure('{ accounts(first: 5) { id name } }')).toEqual({ depth: 2, cost: 1 + 5 * 2 });
    expect(measure('query($n: Int) { accounts(first: $n) { id } }', { n: 50 })).toEqual({ depth: 2, cost: 51 });
  });

  it('assumes the default list size without a size argument, and nests multipliers', () => {
    expect(measure('{ accounts { related { id } } }').cost).toBe(1 + 10 * (1 + 10 * 1));
  });

  it('expands named and inline fragments', () => {
    const viaFragments = measure('{ accounts(first: 2) { ...A } } fragment A on Account { id ... on Account { owner { id } } }');
    expect(viaFragments).toEqual(measure('{ accounts(first: 2) { id owner { id } } }'));
  });

  it('does not count introspection meta-fields', () => {
    expect(measure('{ __schema { types { name fields { name type { ofType { ofType { name } } } } } } }')).toEqual({
      depth: 0,
      cost: 0,
    });
    expect(measure('{ account(id: "1") { __typename id } }')).toEqual({ depth: 2, cost: 2 });
  });

  it('measures a fragment bomb in linear time and reports its true cost', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Account { id }` : `fragment F${i} on Account { ...F${i + 1} owner { ...F${i + 1} } }`,
    ).join('\n');
    const started = Date.now();
    const { cost, depth } = measure(`{ account(id: "1") { ...F0 } } ${fragments}`);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(depth).toBe(levels + 1);
    expect(cost).toBeGreaterThan(2 ** 29);
  });
});
