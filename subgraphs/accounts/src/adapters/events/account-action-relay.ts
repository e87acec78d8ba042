import { agentActionIdempotencyKey, TOPICS, type ActivityChainReader, type AgentActionPayload, type EventBus } from '@vigil/core';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { AccountActionRelay } from '../../application/ports.js';
import type { AccountRecord } from '../../domain/records.js';

/**
 * Transactional outbox for staff changes to accounts, the same as recovery-cases' agent actions (ADR 141): each
 * audit record is stored inside the account by the write that changed it (`pendingActions`), published on the
 * `agent.action` topic with its action id as dedupe key, and removed only once found in the tenant's activity chain
 * under its idempotency key. A message lost on the way (the process died, the bus restarted, activity-logs crashed
 * before recording it) is sent again by a later flush or the periodic sweep; activity-logs answers a resend with
 * the recorded event.
 */
export class MongoAccountActionRelay implements AccountActionRelay {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly accounts: Model<AccountRecord>,
    private readonly bus: EventBus,
    private readonly chain: Pick<ActivityChainReader, 'recordedKeys'>,
    private readonly logger: Logger,
  ) {}

  /** Publishes the pending audit records of one account. Never throws: failures are retried by `sweep`. */
  flush(accountId: string): Promise<void> {
    const running = this.inFlight.get(accountId);
    if (running) return running.then(() => this.flush(accountId));
    const work = this.publishPending(accountId)
      .catch((err: unknown) => this.logger.warn({ err, accountId }, 'account audit records not published yet; will retry'))
      .finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, work);
    return work;
  }

  /** Flushes every account that still has audit records not yet confirmed in the activity chain. */
  async sweep(): Promise<void> {
    const waiting = await this.accounts
      .find({ 'pendingActions.0': { $exists: true } }, { _id: 1 })
      .lean<Pick<AccountRecord, '_id'>[]>()
      .exec();
    for (const { _id } of waiting) await this.flush(_id);
  }

  private async publishPending(accountId: string): Promise<void> {
    const found = await this.accounts
      .findById(accountId, { tenantId: 1, pendingActions: 1 })
      .lean<Pick<AccountRecord, 'tenantId' | 'pendingActions'>>()
      .exec();
    const pending = found?.pendingActions ?? [];
    if (!found || pending.length === 0) return;
    const keyOf = (action: AgentActionPayload) => agentActionIdempotencyKey(action.actionId);
    const recorded = await this.chain.recordedKeys(found.tenantId, pending.map(keyOf));
    const done = pending.filter((action) => recorded.has(keyOf(action))).map((action) => action.actionId);
    if (done.length > 0) {
      // The account did not change: its updatedAt, which guards staff updates, stays as it was.
      await this.accounts
        .updateOne({ _id: accountId }, { $pull: { pendingActions: { actionId: { $in: done } } } }, { timestamps: false })
        .exec();
    }
    for (const action of pending) {
      if (recorded.has(keyOf(action))) continue;
      await this.bus.publish<AgentActionPayload>(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    }
  }
}
