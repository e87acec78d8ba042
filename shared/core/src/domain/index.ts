// Transport-free building blocks a subgraph's `domain/` may import (`@vigil/core/domain`): no mongoose, no graphql.
export * from './domain-error.js';
export * from './role-groups.js';
export * from './tenant-access.js';
export * from './json-text.js';
export * from './word-lists.js';
export * from './contact-address.js';
export type { Identity, Role } from '../auth/identity.js';
export { ROLES, hasRole, canAccessTenant, isRole } from '../auth/identity.js';
// The activity taxonomy and the disclosure policy are pure data and functions: domain code may use them.
export * from '../taxonomy/index.js';
export type { ActivityOutcome, ActorType, ActivityRecordedPayload, AgentActionPayload } from '../events/topics.js';
export * from '../privacy/policy.js';
export * from '../privacy/maskers.js';
export * from '../privacy/text.js';
export * from '../privacy/disclose.js';
export * from '../privacy/evidence.js';
