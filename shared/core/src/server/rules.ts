import { allow, rule, type IRule, type IRules } from 'graphql-shield';
import { hasRole, type Role } from '../auth/identity.js';
import { ROLE_GROUPS, type RoleGroup } from '../domain/role-groups.js';
import { forbidden, unauthenticated } from '../errors/errors.js';
import type { SubgraphContext } from './context.js';

export { allow, and, chain, deny, not, or, race, rule, shield } from 'graphql-shield';
export type { IRule, IRules } from 'graphql-shield';

/** The caller carries a verified identity (always true behind the factory; explicit for readability). */
export const isAuthenticated: IRule = rule({ cache: 'contextual' })(
  (_parent: unknown, _args: unknown, context: SubgraphContext) => (context.identity ? true : unauthenticated()),
);

const roleRules = new Map<string, IRule>();

/**
 * Shield rule: the caller holds at least one of `roles` (FORBIDDEN otherwise). One rule instance per role
 * set, so shield evaluates it once per request. (`hasRole(identity, ...)` is the plain predicate.)
 */
export function requireRole(...roles: Role[]): IRule {
  const key = [...roles].sort().join(',');
  let roleRule = roleRules.get(key);
  if (!roleRule) {
    roleRule = rule(`hasRole(${key})`, { cache: 'contextual' })(
      (_parent: unknown, _args: unknown, context: SubgraphContext) =>
        hasRole(context.identity, ...roles) || forbidden(`This needs one of the roles: ${roles.join(', ')}.`),
    );
    roleRules.set(key, roleRule);
  }
  return roleRule;
}

/** Shield rule: the caller is in at least one of the role `groups` (`ROLE_GROUPS`); each role counted once. */
export function requireGroup(...groups: RoleGroup[]): IRule {
  return requireRole(...new Set(groups.flatMap((group) => ROLE_GROUPS[group])));
}

/** The federation internals every subgraph exposes to the gateway; the factory allows them so subgraphs needn't. */
export const FEDERATION_RULES: { readonly Query: Record<string, IRules>; readonly _Service: Record<string, IRules> } = {
  Query: { _service: allow, _entities: allow },
  _Service: { sdl: allow },
};
