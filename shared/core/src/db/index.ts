export * from './command-counter.js';
export * from './connect-mongo.js';
export * from './tenant-references.js';
