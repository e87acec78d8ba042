import type { Role } from '../auth/identity.js';

/**
 * The role groups every subgraph authorizes with, named once. A subgraph's `permissions.ts` and its application
 * code use these instead of spelling role lists, so "who is staff" cannot drift between subgraphs.
 */
export const ROLE_GROUPS = {
  /** Supervise a floor: approve, reassign, change settings. */
  supervisors: ['SUPERVISOR', 'ADMIN'],
  /** Work recovery cases and customer contact. */
  caseWorkers: ['AGENT', 'SUPERVISOR', 'ADMIN'],
  /** Every Vigil staff role that reads operational data. */
  staff: ['AGENT', 'SUPERVISOR', 'ADMIN', 'SECURITY_ANALYST', 'AUDITOR'],
  /** Read-only oversight: audit trails, reports. */
  oversight: ['SUPERVISOR', 'ADMIN', 'AUDITOR'],
  /** Work security alerts. */
  securityResponders: ['SECURITY_ANALYST', 'SUPERVISOR', 'ADMIN'],
  /** Check the audit trail itself: verify hash chains, read and sign chain heads. */
  auditors: ['AUDITOR', 'ADMIN'],
  /** See personal data unmasked (the privacy policy's full-view roles): exports, filters on IP / device / text. */
  piiReaders: ['SECURITY_ANALYST', 'AUDITOR', 'ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type RoleGroup = keyof typeof ROLE_GROUPS;

export function inRoleGroup(roles: readonly Role[], group: RoleGroup): boolean {
  const members: readonly Role[] = ROLE_GROUPS[group];
  return roles.some((role) => members.includes(role));
}
