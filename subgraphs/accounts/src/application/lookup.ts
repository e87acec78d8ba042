import { missing, type DomainError, type Identity } from '@vigil/core/domain';

/** NOT_FOUND for one record, worded the same for every kind. */
export function notFound(kind: 'Account' | 'Agent' | 'Tenant', id: string): DomainError {
  return missing(`${kind} "${id}" was not found.`);
}

/**
 * The record with this id in one of the caller's tenants; NOT_FOUND otherwise, so a record of another tenant is
 * not told apart from none.
 */
export async function oneInCallerTenants<T>(
  records: { byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<T[]> },
  identity: Identity,
  kind: 'Account' | 'Agent',
  id: string,
): Promise<T> {
  const [found] = await records.byIds([id], identity.tenantIds);
  if (!found) throw notFound(kind, id);
  return found;
}
