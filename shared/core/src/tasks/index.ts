export * from './periodic-task.js';
export * from './subscription-task.js';
