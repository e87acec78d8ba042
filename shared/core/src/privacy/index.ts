export * from './policy.js';
export * from './maskers.js';
export * from './text.js';
export * from './disclose.js';
export * from './evidence.js';
export * from './middleware.js';
export * from './personal-data.js';
