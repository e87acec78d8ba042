export { EmbeddedMongo, type EmbeddedMongoOptions } from './server.js';
export { compareValues, keyOf } from './bson/compare.js';
