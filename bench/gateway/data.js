// Static data of the benchmark graph, generated deterministically (no randomness: every run and every server
// answers from the same records). Sized so the benchmark query's answer is about 88 KB, as in the public
// federation benchmark: 10 users, 10 products, 3 reviews per user (30 reviews, 3 per product).
const USERS = 10;
const PRODUCTS = 10;
const REVIEWS_PER_USER = 3;

export const users = Array.from({ length: USERS }, (_, i) => ({
  id: `u${i + 1}`,
  name: `User Number ${i + 1}`,
  username: `user${i + 1}`,
}));

export const products = Array.from({ length: PRODUCTS }, (_, i) => ({
  upc: `p${i + 1}`,
  name: `Product ${i + 1}`,
  price: 100 + i * 37,
  weight: 10 + i * 3,
  inStock: i % 3 !== 0,
}));

export const reviews = Array.from({ length: USERS * REVIEWS_PER_USER }, (_, i) => ({
  id: `r${i + 1}`,
  body: `Review ${i + 1}: solid product, arrived on time, well packed; would buy again.`,
  authorId: users[i % USERS].id,
  productUpc: products[(i * 7) % PRODUCTS].upc,
}));

export const userById = new Map(users.map((user) => [user.id, user]));
export const productByUpc = new Map(products.map((product) => [product.upc, product]));
export const reviewsByAuthor = (id) => reviews.filter((review) => review.authorId === id);
export const reviewsOfProduct = (upc) => reviews.filter((review) => review.productUpc === upc);
/** inventory's computed field: needs price and weight from the products subgraph (@requires). */
export const shippingEstimate = (product) => (product.price > 1000 ? 0 : Math.round(product.weight * 0.5));
