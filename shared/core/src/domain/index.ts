// Transport-free building blocks a subgraph's `domain/` may import (`@vigil/core/domain`): no mongoose, no graphql.
export * from './domain-error.js';
export * from './role-groups.js';
export type { Identity, Role } from '../auth/identity.js';
export { ROLES, hasRole, canAccessTenant, isRole } from '../auth/identity.js';
