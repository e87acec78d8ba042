export * from './errors.js';
export * from './format-error.js';
