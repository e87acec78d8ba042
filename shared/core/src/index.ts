export * from './auth/identity.js';
export * from './events/event-bus.js';
export * from './events/topics.js';
