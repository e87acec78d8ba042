export * from './auth/identity.js';
export * from './auth/upstream.js';
export * from './events/event-bus.js';
export * from './events/topics.js';
