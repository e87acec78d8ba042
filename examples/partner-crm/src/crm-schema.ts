import { GraphQLError, parse } from 'graphql';
import type { VigilCaller } from './verify-vigil-identity.js';

/**
 * What this partner adds to Vigil's graph, within its contract (supergraph config: prefix "crm", extends Account):
 * CRM fields on Vigil's `Account`, keyed by `id tenantId` so every representation says its tenant, and one root
 * field under the prefix. `tenantId` is Vigil's field: referenced with @external, never redefined.
 */
export const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external"])

  "The CRM's view of a Vigil account."
  type Account @key(fields: "id tenantId") {
    id: ID!
    tenantId: ID @external
    "Service tier in the CRM: GOLD, SILVER or STANDARD."
    crmTier: String
    "The account manager in the CRM (an employee of the client, not a customer)."
    crmOwner: String
    "Open CRM tickets for this account."
    crmOpenTickets: Int
  }

  type Query {
    "Accounts of one tenant that the CRM knows, most tickets first."
    crmAccounts(tenantId: ID!): [Account!]!
  }
`);

export interface CrmRecord {
  readonly tier: string;
  readonly owner: string;
  readonly openTickets: number;
}

/** CRM records by tenant, then Vigil account id. A real partner reads its own database. */
export type CrmStore = ReadonlyMap<string, ReadonlyMap<string, CrmRecord>>;

/** Who may read CRM fields: the floor and the partner's own service principal; not auditors or ingest jobs. */
const CRM_READERS = ['ADMIN', 'SUPERVISOR', 'AGENT', 'PARTNER'];

export interface CrmContext {
  readonly caller: VigilCaller;
}

interface AccountReference {
  readonly id: string;
  readonly tenantId: string;
}

function requireReader(caller: VigilCaller): void {
  if (!caller.roles.some((role) => CRM_READERS.includes(role))) {
    throw new GraphQLError(`CRM fields are for ${CRM_READERS.join(', ')}.`, { extensions: { code: 'FORBIDDEN' } });
  }
}

export function createResolvers(store: CrmStore) {
  const recordOf = (account: AccountReference) => store.get(account.tenantId)?.get(account.id);
  const field =
    (read: (record: CrmRecord) => string | number) => (account: AccountReference, _args: unknown, context: CrmContext) => {
      requireReader(context.caller);
      const record = recordOf(account);
      return record ? read(record) : null;
    };
  return {
    Query: {
      crmAccounts: (_root: unknown, args: { tenantId: string }, context: CrmContext) => {
        requireReader(context.caller);
        if (!context.caller.tenants.includes(args.tenantId)) return [];
        const records = [...(store.get(args.tenantId) ?? new Map<string, CrmRecord>()).entries()];
        records.sort(([, a], [, b]) => b.openTickets - a.openTickets);
        return records.map(([id]) => ({ id, tenantId: args.tenantId }));
      },
    },
    Account: {
      // The representation carries the tenant (the @key): a caller never reads another tenant's CRM data.
      __resolveReference: (reference: AccountReference, context: CrmContext) =>
        context.caller.tenants.includes(reference.tenantId) ? { id: reference.id, tenantId: reference.tenantId } : null,
      crmTier: field((record) => record.tier),
      crmOwner: field((record) => record.owner),
      crmOpenTickets: field((record) => record.openTickets),
    },
  };
}
