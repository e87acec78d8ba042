export { EmbeddedMongo, type EmbeddedMongoOptions } from './server.js';
export { compareValues } from './bson/compare.js';
export { keyOf } from './bson/key.js';
