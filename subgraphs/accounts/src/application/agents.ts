import { pageSize } from '@vigil/core';
import { conflictWith, invalidInput, jsonOrUndefined, missing, requireTenantAccess, type Identity } from '@vigil/core/domain';
import { AGENT_PAGE } from '../domain/page.js';
import type { AgentRecord } from '../domain/records.js';
import type { AgentAvailability } from '../domain/vocabulary.js';
import { DUPLICATE, type AccountsDeps, type AgentChanges, type AgentPosition, type NewAgent } from './ports.js';
import { notFound, oneInCallerTenants } from './lookup.js';

/** An agent's place in the list (display name, then id) as a cursor key; JSON, since names may hold any character. */
export function agentKey(agent: AgentRecord): string {
  return JSON.stringify([agent.displayName, agent._id]);
}

function agentPosition(key: string): AgentPosition {
  const parsed = jsonOrUndefined(key);
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((part) => typeof part === 'string')) {
    throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  }
  return { displayName: parsed[0] as string, id: parsed[1] as string };
}

/** A tenant's agents by name, one more than `first` (the connection tells a next page from it). */
export async function listAgents(
  deps: AccountsDeps,
  identity: Identity,
  tenantId: string,
  first: number,
  afterKey: string | undefined,
): Promise<AgentRecord[]> {
  requireTenantAccess(identity, tenantId);
  pageSize(first, AGENT_PAGE);
  return deps.agents.inTenant(tenantId, afterKey === undefined ? undefined : agentPosition(afterKey), first + 1);
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
  const current = await oneInCallerTenants(deps.agents, identity, 'Agent', id);
  for (const tenantId of new Set([...current.tenantIds, ...(changes.tenantIds ?? [])])) requireTenantAccess(identity, tenantId);
  const updated = await deps.agents.update(id, changes);
  if (!updated) throw notFound('Agent', id);
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
