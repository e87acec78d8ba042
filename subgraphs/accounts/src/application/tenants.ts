import { conflictWith, requireTenantAccess, type Identity } from '@vigil/core/domain';
import type { TenantRecord, TenantSettings } from '../domain/records.js';
import { DUPLICATE, type AccountsDeps } from './ports.js';
import { notFound } from './lookup.js';

export async function createTenant(
  deps: AccountsDeps,
  identity: Identity,
  input: { id: string; name: string; settings: Partial<TenantSettings> },
): Promise<TenantRecord> {
  requireTenantAccess(identity, input.id);
  const created = await deps.tenants.create(input);
  if (created === DUPLICATE) throw conflictWith(`Tenant "${input.id}" already exists.`);
  await deps.audit.tenantSettings(identity, undefined, created);
  return created;
}

export async function updateTenant(
  deps: AccountsDeps,
  identity: Identity,
  id: string,
  changes: { name?: string; settings: Partial<TenantSettings> },
): Promise<TenantRecord> {
  requireTenantAccess(identity, id);
  const [before] = await deps.tenants.byIds([id]);
  const updated = await deps.tenants.update(id, changes);
  if (!updated) throw notFound('Tenant', id);
  await deps.audit.tenantSettings(identity, before, updated);
  return updated;
}
