import { isOneOf } from '../domain/word-lists.js';

/**
 * Who is calling. The gateway builds it from a verified JWT and forwards it, signed, to the subgraphs;
 * the subgraphs rebuild it from the signed upstream request and never trust anything else.
 */
export const ROLES = ['ADMIN', 'SUPERVISOR', 'AGENT', 'SECURITY_ANALYST', 'AUDITOR', 'INGEST', 'PARTNER'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return isOneOf(ROLES, value);
}

export interface Identity {
  /** JWT `sub`: the agent id, service principal id or partner id. */
  readonly subject: string;
  /** JWT `roles`: unknown role names are dropped, never mapped to a default. */
  readonly roles: readonly Role[];
  /** JWT `tenants`: the tenants (BPO clients) this caller may see. `*` is never accepted. */
  readonly tenantIds: readonly string[];
  /** JWT `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.some((role) => roles.includes(role));
}

export function canAccessTenant(identity: Identity, tenantId: string): boolean {
  return identity.tenantIds.includes(tenantId);
}
