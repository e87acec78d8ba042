/**
 * Checks that ids a mutation takes — of entities another subgraph owns — belong to the tenant the mutation acts
 * in. A subgraph learns an entity's tenant by reading the owner's collection read-only on the same MongoDB
 * deployment (ADR 040): no network hop, no identity to forward, and the answer comes from the system of record.
 */
import type { Connection } from 'mongoose';
import { notFound } from '../errors/errors.js';

/** Where the owner keeps an entity: database, collection, and the field holding its tenant id. */
export interface EntityLocation {
  readonly dbName: string;
  readonly collection: string;
  readonly tenantField?: string;
}

/** The entities other subgraphs reference by id, where their owners keep them (databases and collections). */
export const OWNED_ENTITIES = {
  account: { dbName: 'vigil_accounts', collection: 'accounts' },
  recoveryCase: { dbName: 'vigil_recovery_cases', collection: 'recovery_cases' },
  alert: { dbName: 'vigil_alerts', collection: 'alerts' },
  /** An agent may work for several tenants: any of its `tenantIds` makes it that tenant's. */
  agent: { dbName: 'vigil_accounts', collection: 'agents', tenantField: 'tenantIds' },
} as const satisfies Record<string, EntityLocation>;

/** Which of some ids exist under a tenant. */
export interface TenantReferences {
  /** The ids among `ids` that name an entity of `tenantId` (the others are missing or another tenant's). */
  ownedBy(tenantId: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
}

/** Read-only lookup in the owner's collection: one `find` with `$in`, projecting only `_id`. */
export class MongoTenantReferences implements TenantReferences {
  private readonly connection: Connection;

  constructor(
    connection: Connection,
    private readonly location: EntityLocation,
  ) {
    this.connection = connection.useDb(location.dbName, { useCache: true });
  }

  async ownedBy(tenantId: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const found = await this.connection
      .collection<{ _id: string }>(this.location.collection)
      .find({ _id: { $in: unique }, [this.location.tenantField ?? 'tenantId']: tenantId }, { projection: { _id: 1 } })
      .toArray();
    return new Set(found.map((doc) => String(doc._id)));
  }
}

/**
 * Throws NOT_FOUND naming the first id that is not an entity of `tenantId`. The same answer whether the id is
 * missing or another tenant's, so a caller learns nothing about other tenants' data.
 */
export async function assertTenantReferences(
  references: TenantReferences,
  tenantId: string,
  ids: readonly string[],
  noun: string,
): Promise<void> {
  if (ids.length === 0) return;
  const owned = await references.ownedBy(tenantId, ids);
  const missing = ids.find((id) => !owned.has(id));
  if (missing !== undefined) throw notFound(`No ${noun} "${missing}" in tenant "${tenantId}".`);
}
