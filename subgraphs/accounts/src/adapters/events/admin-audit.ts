/**
 * The administrator actions of the accounts subgraph, recorded in each affected tenant's audit chain (see @vigil/core
 * admin-actions.ts): agents created, agents' roles and tenant access changed, tenants created and their settings
 * changed. A tenant's chain names only that tenant: an agent's other tenants (other clients of the BPO) never appear
 * in it; nor do names or e-mail addresses.
 */
import { ADMIN_ACTIONS, changedFields, publishAdminAction, type AdminSummary, type EventBus, type Identity } from '@vigil/core';
import type { AdminAudit } from '../../application/ports.js';

export interface AgentAccess {
  readonly id: string;
  readonly roles: readonly string[];
  readonly tenantIds: readonly string[];
}

export interface TenantSettingsSnapshot {
  readonly id: string;
  /** Flat settings (timezone, lockoutThreshold…): primitive values are summarized, anything else is skipped. */
  readonly settings: object;
}

const accessIn = (agent: AgentAccess | undefined, tenantId: string): AdminSummary => ({
  roles: agent?.tenantIds.includes(tenantId) ? [...agent.roles].sort() : [],
  tenantAccess: agent?.tenantIds.includes(tenantId) ?? false,
});

/** Publishes, per tenant the agent had or has, what changed in that tenant: roles and access (none → nothing). */
export async function auditAgentAccess(
  bus: EventBus,
  actor: Identity,
  before: AgentAccess | undefined,
  after: AgentAccess,
): Promise<void> {
  const tenants = new Set([...(before?.tenantIds ?? []), ...after.tenantIds]);
  for (const tenantId of tenants) {
    const changed = changedFields(accessIn(before, tenantId), accessIn(after, tenantId));
    if (Object.keys(changed.after).length === 0) continue;
    await publishAdminAction(bus, actor, {
      tenantId,
      action: before ? ADMIN_ACTIONS.agentAccessChanged : ADMIN_ACTIONS.agentCreated,
      target: { type: 'agent', id: after.id },
      before: changed.before,
      after: changed.after,
    });
  }
}

function settingsSummary(tenant: TenantSettingsSnapshot | undefined): AdminSummary {
  const summary: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(tenant?.settings ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') summary[key] = value;
  }
  return summary;
}

/** Publishes a tenant's creation, or the settings that changed (lockout threshold, support hours, …). */
export async function auditTenantSettings(
  bus: EventBus,
  actor: Identity,
  before: TenantSettingsSnapshot | undefined,
  after: TenantSettingsSnapshot,
): Promise<void> {
  const changed = changedFields(settingsSummary(before), settingsSummary(after));
  if (before && Object.keys(changed.after).length === 0) return;
  await publishAdminAction(bus, actor, {
    tenantId: after.id,
    action: before ? ADMIN_ACTIONS.tenantSettingsChanged : ADMIN_ACTIONS.tenantCreated,
    target: { type: 'tenant', id: after.id },
    ...(before ? { before: changed.before } : {}),
    after: changed.after,
  });
}

/** The audit port of the accounts use cases, on the event bus. */
export function busAdminAudit(bus: EventBus): AdminAudit {
  return {
    agentAccess: (actor, before, after) => auditAgentAccess(bus, actor, before && accessOf(before), accessOf(after)),
    tenantSettings: (actor, before, after) =>
      auditTenantSettings(bus, actor, before && { id: before._id, settings: before.settings }, {
        id: after._id,
        settings: after.settings,
      }),
  };
}

const accessOf = (agent: { _id: string; roles: readonly string[]; tenantIds: readonly string[] }): AgentAccess => ({
  id: agent._id,
  roles: agent.roles,
  tenantIds: agent.tenantIds,
});
