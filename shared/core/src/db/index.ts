export * from './command-counter.js';
export * from './connect-mongo.js';
