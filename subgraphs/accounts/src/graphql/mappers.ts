import type { AccountDocument, AgentDocument, TenantDocument } from '../models/index.js';
import type { Account } from './types/account.type.js';
import type { Agent } from './types/agent.type.js';
import type { Tenant } from './types/tenant.type.js';

/** Lean documents → GraphQL objects: `_id` becomes `id`, nothing else is renamed. */
export function toAccount(doc: AccountDocument): Account {
  return {
    id: doc._id,
    tenantId: doc.tenantId,
    externalRef: doc.externalRef,
    status: doc.status,
    displayName: doc.displayName,
    email: doc.email,
    phone: doc.phone,
    mfaFactors: doc.mfaFactors ?? [],
    knownDevices: doc.knownDevices ?? [],
    contactChannels: doc.contactChannels ?? [],
    riskScore: doc.riskScore,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toTenant(doc: TenantDocument): Tenant {
  return { id: doc._id, name: doc.name, settings: doc.settings, createdAt: doc.createdAt };
}

export function toAgent(doc: AgentDocument): Agent {
  return {
    id: doc._id,
    displayName: doc.displayName,
    email: doc.email,
    roles: doc.roles,
    tenantIds: doc.tenantIds,
    availability: doc.availability,
  };
}
