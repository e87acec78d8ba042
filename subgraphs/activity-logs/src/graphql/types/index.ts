export * from './activity-event.types.js';
export * from './event-type.types.js';
export * from './governance.types.js';
export * from './integrity.types.js';
export * from './stats.types.js';
export * from './timeline.types.js';
