import { canAccessTenant, type Identity } from '../auth/identity.js';
import { forbidden } from '../errors/errors.js';

/** Throws FORBIDDEN unless the caller may see `tenantId`. Call it in the data access layer, not only in shield. */
export function assertTenantAccess(identity: Identity, tenantId: string): void {
  if (!canAccessTenant(identity, tenantId)) {
    throw forbidden(`You have no access to tenant "${tenantId}".`);
  }
}

/** A MongoDB filter that restricts any query to the caller's tenants: merge it into every find. */
export function tenantFilter(identity: Identity, field = 'tenantId'): Record<string, { $in: string[] }> {
  return { [field]: { $in: [...identity.tenantIds] } };
}
