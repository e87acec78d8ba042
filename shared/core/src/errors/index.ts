export * from './errors.js';
export * from './format-error.js';
export * from './collapse-errors.js';
