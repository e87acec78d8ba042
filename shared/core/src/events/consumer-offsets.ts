import type { Collection, Connection } from 'mongoose';

/**
 * Where each consumer group durably left off in each tenant's activity chain: one document per
 * (group, tenant) holding the last sequence the group finished, plus one marker per group saying when
 * it was created. Kept in the consumer's own database (MongoDB, never memory), so a restarted process —
 * or another instance — resumes from there.
 */
export const CONSUMER_OFFSETS_COLLECTION = 'consumer_offsets';

interface OffsetDocument {
  _id: string;
  group: string;
  kind: 'group' | 'offset';
  tenantId?: string;
  sequence?: number;
  updatedAt: Date;
}

export interface GroupOffsets {
  /** False until the group's first start recorded where it begins. */
  readonly created: boolean;
  /** Last finished sequence per tenant; a tenant not listed starts at its first event. */
  readonly offsets: Map<string, number>;
}

export class ConsumerOffsets {
  private readonly collection: Collection<OffsetDocument>;

  constructor(connection: Connection) {
    this.collection = connection.collection<OffsetDocument>(CONSUMER_OFFSETS_COLLECTION);
  }

  async load(group: string): Promise<GroupOffsets> {
    const docs = await this.collection.find({ group }).toArray();
    const offsets = new Map<string, number>();
    let created = false;
    for (const doc of docs) {
      if (doc.kind === 'group') created = true;
      else if (doc.tenantId !== undefined && typeof doc.sequence === 'number') offsets.set(doc.tenantId, doc.sequence);
    }
    return { created, offsets };
  }

  /**
   * The group's first start: it begins at the given heads (like a Redis group created at `$`: history
   * from before the group existed is not replayed). An offset some instance already wrote is kept.
   */
  async create(group: string, heads: ReadonlyMap<string, number>): Promise<void> {
    const now = new Date();
    for (const [tenantId, sequence] of heads) {
      await this.collection.updateOne(
        { _id: offsetId(group, tenantId) },
        { $setOnInsert: { group, kind: 'offset', tenantId, sequence, updatedAt: now } },
        { upsert: true },
      );
    }
    await this.collection.updateOne(
      { _id: JSON.stringify([group]) },
      { $setOnInsert: { group, kind: 'group', updatedAt: now } },
      { upsert: true },
    );
  }

  /** Records that the group finished `sequence` of the tenant's chain; never moves an offset backwards. */
  async advance(group: string, tenantId: string, sequence: number): Promise<void> {
    await this.collection.updateOne(
      { _id: offsetId(group, tenantId) },
      { $max: { sequence }, $set: { group, kind: 'offset', tenantId, updatedAt: new Date() } },
      { upsert: true },
    );
  }
}

function offsetId(group: string, tenantId: string): string {
  return JSON.stringify([group, tenantId]);
}
