import { canAccessTenant, type Identity } from '../auth/identity.js';
import { notAllowed } from './domain-error.js';

/**
 * Throws FORBIDDEN (a `DomainError`, so application code stays transport-free) unless the caller may see
 * `tenantId`. Call it in the use case or data access layer, not only in shield.
 */
export function assertTenantAccess(identity: Identity, tenantId: string): void {
  if (!canAccessTenant(identity, tenantId)) {
    throw notAllowed(`You have no access to tenant "${tenantId}".`);
  }
}
