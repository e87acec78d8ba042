/**
 * The tenant hash chains in `activity_events`. Appends are serialised per tenant in this process (TenantLock);
 * across processes the unique (tenantId, sequence) index is the arbiter and an append retries on the new head.
 */
import { Types } from 'mongoose';
import { isOnlyDuplicateKeys } from '@vigil/core';
import { appendToChain, type ChainLink } from '../../domain/hash-chain.js';
import type { EventChain, NewEventDocument } from '../../application/ports.js';
import type { ActivityModels } from './index.js';
import type { ActivityEventDocument } from './activity-event.model.js';
import { chainContentOf } from '../../application/stored-event.js';
import { eraseStoredEvents } from '../../application/event-erasure.js';
import { TenantLock } from './tenant-lock.js';

const MAX_APPEND_ATTEMPTS = 8;

export class MongoEventChain implements EventChain {
  /** Each tenant's head, read and written only under the tenant lock. */
  private readonly heads = new Map<string, ChainLink | null>();
  private readonly lock = new TenantLock();

  constructor(private readonly models: Pick<ActivityModels, 'events' | 'outbox'>) {}

  async findByIdempotencyKeys(tenantId: string, keys: readonly string[]): Promise<Map<string, ActivityEventDocument>> {
    if (keys.length === 0) return new Map();
    // Straight to the driver: the keys are validated strings already, and mongoose would cast each of a
    // batch's (up to 1,000) keys again on every call, for the same lean documents.
    const docs = await this.models.events.collection
      .find<ActivityEventDocument>({ tenantId, idempotencyKey: { $in: [...keys] } })
      .toArray();
    return new Map(docs.map((doc) => [doc.idempotencyKey!, doc]));
  }

  async openOutbox(tenantId: string, eventIds: readonly Types.ObjectId[]): Promise<Types.ObjectId> {
    const outboxId = new Types.ObjectId();
    // Straight to the driver, the fields already of their stored types: a mongoose document built and validated
    // first was sent after the batch's reads it goes out with, and answered last (ADR 153).
    await this.models.outbox.collection.insertOne({ _id: outboxId, tenantId, eventIds: [...eventIds], createdAt: new Date() });
    return outboxId;
  }

  append(
    tenantId: string,
    drafts: readonly NewEventDocument[],
    afterCommit: (head: ChainLink, committed: readonly ActivityEventDocument[]) => Promise<unknown>,
  ): Promise<ActivityEventDocument[]> {
    return this.lock.run(tenantId, async () => {
      const committed = await this.appendWithRetry(tenantId, drafts);
      // The recorder signs the head here, before the batch is acknowledged: no acknowledged event is outside a signed head.
      const head = committed.length > 0 ? await this.head(tenantId) : null;
      if (head) await afterCommit(head, committed);
      return committed;
    });
  }

  async eraseEvents(tenantId: string, ids: readonly Types.ObjectId[]): Promise<void> {
    await eraseStoredEvents(this.models.events, { tenantId, _id: { $in: [...ids] } });
  }

  /**
   * A duplicate key means another writer (another process) appended or recorded one of our idempotency keys
   * first: keep what was committed, drop now-duplicate keys, retry the rest on the new head.
   */
  private async appendWithRetry(tenantId: string, drafts: readonly NewEventDocument[]) {
    const committed: ActivityEventDocument[] = [];
    let remaining = drafts;
    for (let attempt = 1; remaining.length > 0; attempt += 1) {
      const head = await this.head(tenantId);
      const links = appendToChain(head, remaining.map(chainContentOf));
      const docs: ActivityEventDocument[] = remaining.map((draft, index) => ({ ...draft, ...links[index]! }));
      try {
        await this.models.events.insertMany(docs, { ordered: true, lean: true });
        committed.push(...docs);
        this.heads.set(tenantId, links[links.length - 1]!);
        break;
      } catch (err) {
        // Whatever happened, the cached head may be wrong now: read it from the store next time.
        this.heads.delete(tenantId);
        if (!isOnlyDuplicateKeys(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        const stored = await this.storedIds(docs.map((doc) => doc._id));
        committed.push(...docs.filter((doc) => stored.has(doc._id.toHexString())));
        const keys = remaining.map((draft) => draft.idempotencyKey).filter((key): key is string => key !== undefined);
        const taken = await this.findByIdempotencyKeys(tenantId, keys);
        remaining = remaining.filter(
          (draft) => !stored.has(draft._id.toHexString()) && !(draft.idempotencyKey && taken.has(draft.idempotencyKey)),
        );
      }
    }
    return committed;
  }

  private async storedIds(ids: readonly Types.ObjectId[]): Promise<Set<string>> {
    const docs = await this.models.events
      .find({ _id: { $in: ids } }, { _id: 1 })
      .lean()
      .exec();
    return new Set(docs.map((doc) => doc._id.toHexString()));
  }

  /**
   * The tenant's chain head, cached so an append does not search for the newest event each time; a stale
   * cache (another process appended) surfaces as a duplicate sequence on insert, which drops the cache and
   * retries on the stored head.
   */
  private async head(tenantId: string): Promise<ChainLink | null> {
    if (this.heads.has(tenantId)) return this.heads.get(tenantId) ?? null;
    const head = await this.models.events
      .findOne({ tenantId }, { sequence: 1, prevHash: 1, hash: 1 })
      .sort({ sequence: -1 })
      .lean()
      .exec();
    const link = head ? { sequence: head.sequence, prevHash: head.prevHash, hash: head.hash } : null;
    this.heads.set(tenantId, link);
    return link;
  }
}
