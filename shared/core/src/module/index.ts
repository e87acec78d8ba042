export * from './background-task.js';
export * from './subgraph-module.js';
