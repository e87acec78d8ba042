import { ROLE_GROUPS, isAuthenticated, requireRole, type IRules } from '@vigil/core';

/** Everyone who works accounts on the floor or reviews them. INGEST principals read nothing here. */
const staff = requireRole(...ROLE_GROUPS.staff);
/**
 * A partner CRM (PARTNER) may look up an account of its tenants by id and read what it needs to join its own records
 * to it — id, tenantId, status — and nothing personal (docs/partners.md). Tenant scoping applies as for everyone.
 */
const staffOrPartner = requireRole(...ROLE_GROUPS.staff, 'PARTNER');
const supervisors = requireRole(...ROLE_GROUPS.supervisors);
const admin = requireRole('ADMIN');

/**
 * Who may read and change what in the accounts subgraph. Anything not listed is denied (the factory's
 * fallback). Tenant scope is enforced again in the loaders and use cases; contact details are masked for
 * roles other than ADMIN and SUPERVISOR by core's personal-data policy (`PERSONAL_DATA_FIELDS`).
 */
export const permissions: IRules = {
  Query: {
    account: staffOrPartner,
    accounts: staff,
    tenant: isAuthenticated,
    agent: staff,
    me: staff,
    agents: supervisors,
  },
  Mutation: {
    createTenant: admin,
    updateTenant: admin,
    createAgent: admin,
    updateAgent: admin,
    setMyAvailability: staff,
    createAccount: supervisors,
    updateAccount: supervisors,
  },
  Account: { '*': staff, id: staffOrPartner, tenantId: staffOrPartner, status: staffOrPartner },
  MfaFactor: { '*': staff },
  KnownDevice: { '*': staff },
  ContactChannel: { '*': staff },
  AccountConnection: { '*': staff },
  AccountEdge: { '*': staff },
  AgentConnection: { '*': supervisors },
  AgentEdge: { '*': supervisors },
  PageInfo: { '*': staff },
  Tenant: { '*': isAuthenticated },
  TenantSettings: { '*': isAuthenticated },
  Agent: { '*': staff },
};
