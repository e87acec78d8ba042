// The four subgraphs of the public federation benchmark's shape (accounts, inventory, products, reviews),
// written for this harness over data.js. Federation 2 SDL, served by graphql-server.js.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import * as data from './data.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';

const accounts = {
  typeDefs: `${LINK}
    type Query { me: User users: [User] user(id: ID!): User }
    type User @key(fields: "id") { id: ID! name: String username: String }`,
  resolvers: {
    Query: { me: () => data.users[0], users: () => data.users, user: (_, { id }) => data.userById.get(id) },
    User: { __resolveReference: (ref) => data.userById.get(ref.id) },
  },
};

const inventory = {
  typeDefs: `${LINK}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`,
  resolvers: {
    Product: {
      __resolveReference: (ref) => ({ ...ref, inStock: data.productByUpc.get(ref.upc)?.inStock ?? false }),
      shippingEstimate: (product) => data.shippingEstimate(product),
    },
  },
};

const products = {
  typeDefs: `${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
  resolvers: {
    Query: { topProducts: (_, { first }) => data.products.slice(0, first) },
    Product: { __resolveReference: (ref) => data.productByUpc.get(ref.upc) },
  },
};

const reviews = {
  typeDefs: `${LINK}
    type Review @key(fields: "id") { id: ID! body: String author: User product: Product }
    type User @key(fields: "id") { id: ID! reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
  resolvers: {
    Review: {
      __resolveReference: (ref) => data.reviews.find((review) => review.id === ref.id),
      author: (review) => ({ __typename: 'User', id: review.authorId }),
      product: (review) => ({ __typename: 'Product', upc: review.productUpc }),
    },
    User: { reviews: (user) => data.reviewsByAuthor(user.id) },
    Product: { reviews: (product) => data.reviewsOfProduct(product.upc) },
  },
};

const definitions = { accounts, inventory, products, reviews };

/** name → executable subgraph schema. */
export function subgraphSchemas() {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, { typeDefs, resolvers }]) => [
      name,
      buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers }]),
    ]),
  );
}
