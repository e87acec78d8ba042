// The same graph as the four subgraphs, in one graphql-js schema over the same data (the "monolith").
import { makeExecutableSchema } from '@graphql-tools/schema';
import * as data from './data.js';

const typeDefs = `
  type Query { me: User users: [User] user(id: ID!): User topProducts(first: Int = 5): [Product] }
  type User { id: ID! name: String username: String reviews: [Review] }
  type Product { upc: String! name: String price: Int weight: Int inStock: Boolean shippingEstimate: Int reviews: [Review] }
  type Review { id: ID! body: String author: User product: Product }`;

const resolvers = {
  Query: {
    me: () => data.users[0],
    users: () => data.users,
    user: (_, { id }) => data.userById.get(id),
    topProducts: (_, { first }) => data.products.slice(0, first),
  },
  User: { reviews: (user) => data.reviewsByAuthor(user.id) },
  Product: {
    shippingEstimate: (product) => data.shippingEstimate(product),
    reviews: (product) => data.reviewsOfProduct(product.upc),
  },
  Review: {
    author: (review) => data.userById.get(review.authorId),
    product: (review) => data.productByUpc.get(review.productUpc),
  },
};

export const monolithSchema = makeExecutableSchema({ typeDefs, resolvers });
