import { createHash } from 'node:crypto';
import { ACTIVITY_CHAIN, TOPICS, type ActivityRecordedPayload, type EventBus } from '@vigil/core';
import type { Connection } from 'mongoose';
import type { ChainObservation, CitedEvidence } from '../../src/domain/evidence-verification.js';
import type { ActivityChain, ChainEventDraft, RecordedChainEvent } from '../../src/services/activity-chain-client.js';
import { appendToActivityChain } from '@vigil/testing';

interface Stored {
  payload: ActivityRecordedPayload;
  sequence: number;
  hash: string;
  /** What the hash covered when recorded: a test changes `payload` to tamper. */
  content: string;
}

/**
 * Stands in for activity-logs in the alerts package tests: appends to the tenant's chain (the collection
 * detection follows) with a SHA-256 hash of the content, publishes the `activity.recorded` wake-up like
 * activity-logs does, and recomputes on `observe`. The end-to-end tests use the real activity-logs.
 */
export class FakeActivityChain implements ActivityChain {
  private readonly events = new Map<string, Stored>();
  private readonly byKey = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly connection: () => Connection,
  ) {}

  async record(tenantId: string, draft: ChainEventDraft): Promise<RecordedChainEvent> {
    const existing = this.byKey.get(`${tenantId}|${draft.idempotencyKey}`);
    if (existing !== undefined) {
      const stored = this.events.get(existing) as Stored;
      return { eventId: existing, sequence: stored.sequence, hash: stored.hash };
    }
    this.counter += 1;
    const eventId = `chain-${this.counter}`;
    const payload: ActivityRecordedPayload = {
      eventId,
      tenantId,
      accountId: draft.accountId,
      type: draft.type,
      category: 'integration',
      outcome: draft.outcome ?? 'UNKNOWN',
      occurredAt: draft.occurredAt.toISOString(),
      actor: { type: draft.actorType ?? 'CUSTOMER', id: draft.actorId },
      ...(draft.ip ? { ip: draft.ip } : {}),
      metadata: draft.metadata,
    };
    const content = JSON.stringify(payload);
    const hash = createHash('sha256').update(content).digest('hex');
    await appendToActivityChain(this.connection(), [{ ...payload, hash }]);
    const stored = await this.connection()
      .useDb(ACTIVITY_CHAIN.dbName, { useCache: true })
      .collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.events)
      .findOne({ _id: eventId });
    const sequence = stored?.sequence ?? 0;
    this.events.set(eventId, { payload, sequence, hash, content });
    this.byKey.set(`${tenantId}|${draft.idempotencyKey}`, eventId);
    await this.bus.publish(TOPICS.activityRecorded, { ...payload, sequence, hash }, { dedupeKey: eventId });
    return { eventId, sequence, hash };
  }

  async observe(_tenantId: string, cited: readonly CitedEvidence[]): Promise<ChainObservation[]> {
    return cited.map((entry) => {
      const stored = this.events.get(entry.eventId);
      if (stored === undefined) return { eventId: entry.eventId, stored: null, chainBreak: null };
      const altered = JSON.stringify(stored.payload) !== stored.content;
      return {
        eventId: entry.eventId,
        stored: { sequence: stored.sequence, hash: stored.hash },
        chainBreak: altered ? { reason: 'ALTERED', detail: `Event ${stored.sequence} was changed after it was recorded.` } : null,
      };
    });
  }

  /** Changes a stored event behind the chain's back, as someone with database access could. */
  tamper(eventId: string, change: Partial<ActivityRecordedPayload>): void {
    const stored = this.events.get(eventId);
    if (stored === undefined) throw new Error(`no event ${eventId}`);
    stored.payload = { ...stored.payload, ...change };
  }

  remove(eventId: string): void {
    this.events.delete(eventId);
  }
}
