import 'reflect-metadata';

export * from './auth/identity.js';
export * from './auth/claims.js';
export * from './auth/gateway-keys.js';
export * from './auth/upstream.js';
export * from './auth/signed-call.js';
export { canonicalJson } from './auth/canonical-json.js';
export * from './config/index.js';
export * from './db/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './logging/index.js';
export * from './pubsub/index.js';
export * from './privacy/index.js';
export * from './server/index.js';
export * from './taxonomy/index.js';
export * from './net/index.js';
