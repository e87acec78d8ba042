import { conflictWith, missing, requireTenantAccess, type Identity } from '@vigil/core/domain';
import type { AgentRecord } from '../domain/records.js';
import type { AgentAvailability } from '../domain/vocabulary.js';
import { DUPLICATE, type AccountsDeps, type AgentChanges, type NewAgent } from './ports.js';

/** `agents(tenantId)` answers at most this many, by name. */
export const MAX_AGENTS_LISTED = 500;

export async function listAgents(deps: AccountsDeps, identity: Identity, tenantId: string): Promise<AgentRecord[]> {
  requireTenantAccess(identity, tenantId);
  return deps.agents.inTenant(tenantId, MAX_AGENTS_LISTED);
}

/** The caller must administer every tenant the new agent works for; the creation is audited in each. */
export async function createAgent(deps: AccountsDeps, identity: Identity, input: NewAgent): Promise<AgentRecord> {
  for (const tenantId of input.tenantIds) requireTenantAccess(identity, tenantId);
  const created = await deps.agents.create({ ...input, roles: [...new Set(input.roles)] });
  if (created === DUPLICATE) throw conflictWith('An agent with this email already exists.');
  await deps.audit.agentAccess(identity, undefined, created);
  return created;
}

/** An admin of one tenant may not change (or take away) an agent's other tenants. */
export async function updateAgent(
  deps: AccountsDeps,
  identity: Identity,
  id: string,
  changes: AgentChanges,
): Promise<AgentRecord> {
  const [current] = await deps.agents.byIds([id], identity.tenantIds);
  if (!current) throw missing(`Agent "${id}" was not found.`);
  for (const tenantId of new Set([...current.tenantIds, ...(changes.tenantIds ?? [])])) requireTenantAccess(identity, tenantId);
  const updated = await deps.agents.update(id, changes);
  if (!updated) throw missing(`Agent "${id}" was not found.`);
  await deps.audit.agentAccess(identity, current, updated);
  return updated;
}

export async function setMyAvailability(
  deps: AccountsDeps,
  identity: Identity,
  availability: AgentAvailability,
): Promise<AgentRecord> {
  const updated = await deps.agents.setAvailability(identity.subject, identity.tenantIds, availability);
  if (!updated) throw missing('You have no agent record in your tenants.');
  return updated;
}
