import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { representation, representationText } from '../src/plan-executor/representations.js';
import { SchemaIndex } from '../src/plan-executor/schema-index.js';
import type { RequiresSelection } from '../src/plan-executor/types.js';
import { field, on } from './fixtures/requires-selections.js';

/**
 * A representation's JSON text is its identity when entities are deduplicated: the text written straight from
 * the entity (flat requirements) must be the JSON of the object built the general way, for every shape.
 */
const schema = new SchemaIndex(
  buildSchema(`
    interface Node { id: ID! }
    type Product implements Node { id: ID! upc: String! sku: String dims: Dims price: Int tags: [String] }
    type Dims { size: Int unit: String }
    type User implements Node { id: ID! }
    type Query { node: Node }
  `),
);

const REQUIRES: RequiresSelection[][] = [
  [on('Product', [field('__typename'), field('upc')])],
  [on('Product', [field('__typename'), field('price'), field('sku'), field('upc')])],
  [on('Node', [field('__typename'), field('id')])],
  [field('__typename'), field('upc'), field('tags')],
  [on('Product', [field('__typename'), field('upc'), field('dims', [field('size'), field('unit')])])],
  [on('Product', [field('__typename'), field('upc')]), on('Product', [field('upc'), field('sku')])],
  [on('Product', [field('upc', undefined, 'code'), field('__typename')])],
  [on('User', [field('__typename'), field('id')])],
];

const ENTITIES = [
  { __typename: 'Product', upc: 'p1', sku: null, price: 7, tags: ['a', 'b'], dims: { size: 3, unit: 'cm', extra: 1 } },
  { __typename: 'Product', upc: 'p"2\\u2028', id: 'x' },
  { __typename: 'Product' },
  { __typename: 'User', id: 'u1', upc: 'nope' },
  { __typename: '', upc: null },
];

describe('representation identity', () => {
  it('is the JSON of the representation built the general way, for every requirement shape and entity', () => {
    let sent = 0;
    for (const requires of REQUIRES) {
      for (const entity of ENTITIES) {
        const built = representation(requires, entity, schema);
        const text = representationText(requires, entity, schema);
        expect(text === null ? null : JSON.parse(text)).toEqual(built);
        if (built) {
          expect(text).toBe(JSON.stringify(built));
          sent += 1;
        }
      }
    }
    expect(sent).toBeGreaterThan(10);
  });

  it('is the same text for the same entity met at two places, and differs when a key field differs', () => {
    const requires = REQUIRES[1]!;
    const a = representationText(requires, { __typename: 'Product', upc: 'p1', price: 1, reviews: [] }, schema);
    const b = representationText(requires, { price: 1, upc: 'p1', __typename: 'Product' }, schema);
    const c = representationText(requires, { __typename: 'Product', upc: 'p1', price: 2 }, schema);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
