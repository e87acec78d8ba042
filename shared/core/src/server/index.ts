export * from './context.js';
export * from './deps.js';
export * from './federated-schema.js';
export * from './rules.js';
export * from './subgraph-server.js';
export * from './tenancy.js';
export * from './http-response.js';
export * from './http-routes.js';
