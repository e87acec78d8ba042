import { canAccessTenant, type Identity } from '../auth/identity.js';
import { notAllowed } from './domain-error.js';

/**
 * FORBIDDEN unless the caller may see `tenantId`: the transport-free twin of `assertTenantAccess` (same message),
 * for application code, which throws `DomainError`s only (ADR 013).
 */
export function requireTenantAccess(identity: Identity, tenantId: string): void {
  if (!canAccessTenant(identity, tenantId)) throw notAllowed(`You have no access to tenant "${tenantId}".`);
}
