import type { AccountRecord, AgentRecord, TenantRecord } from '../../domain/records.js';
import type { Account } from '../types/account.type.js';
import type { Agent } from '../types/agent.type.js';
import type { Tenant } from '../types/tenant.type.js';

/** Stored records → GraphQL objects: `_id` becomes `id`, nothing else is renamed. */
export function toAccount(doc: AccountRecord): Account {
  return {
    id: doc._id,
    known: true,
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

/**
 * An account another subgraph refers to but this one does not hold in the caller's tenants (an alert on
 * failed logins for an unknown user name): what is known is the id. The same answer whether the id exists
 * in another tenant or nowhere, so it reveals nothing.
 */
export function unknownAccount(id: string): Account {
  return {
    id,
    known: false,
    tenantId: null,
    status: null,
    displayName: null,
    email: null,
    mfaFactors: [],
    knownDevices: [],
    contactChannels: [],
    riskScore: null,
    createdAt: null,
    updatedAt: null,
  };
}

export function toTenant(doc: TenantRecord): Tenant {
  return { id: doc._id, name: doc.name, settings: doc.settings, createdAt: doc.createdAt };
}

export function toAgent(doc: AgentRecord): Agent {
  return {
    id: doc._id,
    displayName: doc.displayName,
    email: doc.email,
    roles: doc.roles,
    tenantIds: doc.tenantIds,
    availability: doc.availability,
  };
}
