export * from './outbound.js';
export * from './post-outbound.js';
