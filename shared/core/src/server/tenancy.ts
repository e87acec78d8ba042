import type { Identity } from '../auth/identity.js';

// Transport-free (throws a DomainError): it lives with the domain helpers; re-exported here for older imports.
export { assertTenantAccess } from '../domain/tenant-access.js';

/** A MongoDB filter that restricts any query to the caller's tenants: merge it into every find. */
export function tenantFilter(identity: Identity, field = 'tenantId'): Record<string, { $in: string[] }> {
  return { [field]: { $in: [...identity.tenantIds] } };
}
