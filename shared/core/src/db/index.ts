export * from './command-counter.js';
export * from './connect-mongo.js';
export * from './tenant-references.js';
export * from './duplicate-key.js';
