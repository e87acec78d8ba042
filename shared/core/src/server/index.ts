export * from './context.js';
export * from './deps.js';
export * from './federated-schema.js';
export * from './rules.js';
export * from './subgraph-server.js';
export * from './tenancy.js';
export * from './http-response.js';
export * from './http-routes.js';
export * from './http-body.js';
export * from './close-after-answer.js';
export * from './keep-alive.js';
export * from './connection.js';
export * from './connection-types.js';
export * from './graphql-enum.js';
export * from './metrics/metrics-endpoint.js';
export { SubgraphMetrics } from './metrics/subgraph-metrics.js';
export { latencyHistogram, OperationMetrics, type OperationMetricsHelp } from './metrics/operation-metrics.js';
// Subgraphs build their domain collectors with the same prom-client as the factory's registry.
export { Counter, Gauge, Registry } from 'prom-client';
