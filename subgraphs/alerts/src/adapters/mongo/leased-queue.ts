import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDeadLetter } from '../../domain/notifications/delivery-policy.js';
import { failureReason } from '../../application/notifications/failure-reason.js';

/** How a leased queue retries: attempts before the dead letter, backoff, and how long one worker holds a claim. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly delayMs: (attempt: number) => number;
  readonly leaseMs: number;
}

/** The fields every leased queue document has (notification jobs, deliveries). */
export interface LeasedRecord {
  readonly _id: string;
  readonly attempts: number;
}

/** What a failed attempt became: retried later, or dead-lettered (FAILED) for good. */
export interface FailureOutcome {
  readonly dead: boolean;
}

/**
 * The one claim/retry of the notification outbox. Any number of instances claim a due document with one
 * atomic findOneAndUpdate (status QUEUED, due, lease free) that takes a lease and counts the attempt; a
 * failure either schedules the next attempt (backoff) or dead-letters the document once attempts run out.
 */
export class LeasedQueue<T extends LeasedRecord> {
  constructor(
    // The default `id` virtual is part of a compiled model's type.
    private readonly model: Model<T, object, object, { id: string }>,
    private readonly policy: RetryPolicy,
  ) {}

  async claim(): Promise<T | null> {
    const now = new Date();
    return this.model
      .findOneAndUpdate(
        due(now),
        { $set: { leaseUntil: new Date(now.getTime() + this.policy.leaseMs) }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<T>();
  }

  /**
   * Leases up to `limit` due documents at once, oldest due first: three commands however many (ADR 115). The
   * candidates are read, then taken with one update guarded as a single claim is and stamped with this claim's
   * token; what carries the token afterwards is this claimer's (another may have taken some in between). The
   * documents' schema must have `claimToken`.
   */
  async claimMany(limit: number): Promise<T[]> {
    const now = new Date();
    const candidates = await this.model.find(due(now), { _id: 1 }).sort({ nextAttemptAt: 1 }).limit(limit).lean<LeasedRecord[]>();
    if (candidates.length === 0) return [];
    const ids = candidates.map((candidate) => candidate._id);
    const claimToken = randomUUID();
    await this.model.updateMany(
      { ...due(now), _id: { $in: ids } },
      { $set: { leaseUntil: new Date(now.getTime() + this.policy.leaseMs), claimToken }, $inc: { attempts: 1 } },
    );
    return this.model
      .find({ _id: { $in: ids }, claimToken })
      .sort({ nextAttemptAt: 1 })
      .lean<T[]>();
  }

  /** Done: `set` records the outcome; the lease and the last error go. */
  async complete(id: string, set: Readonly<Record<string, unknown>>): Promise<void> {
    await this.completeMany([id], set);
  }

  /** `complete` of several documents with the same outcome, in one write. */
  async completeMany(ids: readonly string[], set: Readonly<Record<string, unknown>>): Promise<void> {
    if (ids.length === 0) return;
    await this.model.updateMany({ _id: { $in: [...ids] } }, { $set: set, $unset: { leaseUntil: 1, lastError: 1 } });
  }

  /**
   * A failed attempt: retried after the backoff, or FAILED (with `whenDead`) after the last attempt. The reason is
   * stored without `recipient` or any contact value it quotes (ADR 142).
   */
  async fail(
    record: T,
    error: unknown,
    whenDead: Readonly<Record<string, unknown>> = {},
    recipient?: string,
  ): Promise<FailureOutcome & { reason: string }> {
    const reason = failureReason(error, recipient);
    const dead = isDeadLetter(record.attempts, this.policy.maxAttempts);
    await this.model.updateOne(
      { _id: record._id },
      dead
        ? { $set: { status: 'FAILED', lastError: reason, ...whenDead }, $unset: { leaseUntil: 1 } }
        : {
            $set: { lastError: reason, nextAttemptAt: new Date(Date.now() + this.policy.delayMs(record.attempts)) },
            $unset: { leaseUntil: 1 },
          },
    );
    return { dead, reason };
  }
}

/** Queued, due, and not leased (or its lease ran out). */
function due(now: Date) {
  return { status: 'QUEUED', nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] };
}
