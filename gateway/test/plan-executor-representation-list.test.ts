import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { RepresentationList } from '../src/plan-executor/representation-list.js';
import { representationText } from '../src/plan-executor/representations.js';
import { SchemaIndex } from '../src/plan-executor/schema-index.js';
import type { RequiresSelection, Tree } from '../src/plan-executor/types.js';
import { field, on } from './fixtures/requires-selections.js';

/**
 * The list finds repeated entities by their raw key values; whatever the shortcut does, two entities must share
 * an index exactly when their representations' JSON texts are equal, and each item must be that JSON.
 */
const schema = new SchemaIndex(
  buildSchema(`
    interface Node { id: ID! }
    type Product implements Node { id: ID! upc: String sku: String dims: Dims }
    type Dims { size: Int }
    type User implements Node { id: ID! }
    type Query { node: Node }
  `),
);
const REQUIRES: RequiresSelection[][] = [
  [on('Product', [field('__typename'), field('upc')])],
  [on('Node', [field('__typename'), field('id')])],
  [on('Product', [field('__typename'), field('upc'), field('sku')]), on('User', [field('__typename'), field('id')])],
  [on('Product', [field('upc', undefined, 'code'), field('__typename')])],
  [field('__typename'), field('dims')],
];

const ENTITIES: Tree[] = [
  { __typename: 'Product', upc: 'p1', id: '1' },
  { __typename: 'Product', upc: 'p1', id: '1', sku: null },
  { __typename: 'Product', upc: 'p1', id: '2' },
  { __typename: 'Product', upc: 'p2', sku: 's', id: 1 },
  { __typename: 'Product', upc: '1', id: '1' },
  { __typename: 'Product', code: 'p1' },
  { __typename: 'Product', upc: 1, sku: 's', dims: { size: 1 } },
  { __typename: 'Product', upc: 1, sku: 's', dims: { size: 1 } },
  { __typename: 'Product', dims: { size: 2 } },
  { __typename: 'User', id: '1', upc: 'p1' },
  { __typename: 'User', id: 1 },
  { __typename: 'Unknown', id: '1', upc: 'p1' },
  { __typename: 'Product' },
  { __typename: '', upc: 'p1' },
  { __typename: 3, upc: 'p1', id: '1' },
];

describe('representation list', () => {
  it('gives two entities one index exactly when their representation texts are equal, in any order', () => {
    for (const requires of REQUIRES) {
      for (const order of [ENTITIES, [...ENTITIES].reverse()]) {
        const list = new RepresentationList();
        // Each entity twice, as distinct objects: the second meeting goes through the key-value shortcut.
        const indexes = [...order, ...order.map((entity) => structuredClone(entity))].map((entity) =>
          list.addEntity(requires, entity, schema),
        );
        const texts = [...order, ...order].map((entity) => representationText(requires, entity, schema));
        for (let a = 0; a < texts.length; a++) {
          const text = texts[a] ?? null;
          expect(indexes[a] === -1).toBe(text === null);
          if (text !== null) expect(JSON.stringify(list.items[indexes[a]!])).toBe(text);
          for (let b = 0; b < texts.length; b++) expect(indexes[a] === indexes[b]).toBe(text === texts[b]);
        }
        expect(new Set(list.items.map((item) => JSON.stringify(item))).size).toBe(list.items.length);
      }
    }
  });
});
