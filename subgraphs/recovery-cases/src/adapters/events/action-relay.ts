import { agentActionIdempotencyKey, TOPICS, type ActivityChainReader, type AgentActionPayload, type EventBus } from '@vigil/core';
import type { Logger } from 'pino';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoveryCaseModel } from '../mongo/recovery-case.model.js';

/**
 * Transactional outbox for agent actions. Each action is stored inside its case by the same write that
 * made it happen (`pendingActions`). The relay publishes it on the bus with the action id as dedupe key,
 * and removes it only once it is durably in the tenant's activity chain (found there by its idempotency
 * key): a message lost on the way — the in-memory bus dies with the process, Redis may restart without
 * persistence, activity-logs may crash before recording it — is simply sent again by a later flush (after
 * the next change, or the periodic sweep), and activity-logs answers a resend with the recorded event.
 */
export class ActionRelay {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly cases: RecoveryCaseModel,
    private readonly bus: EventBus,
    private readonly chain: Pick<ActivityChainReader, 'recordedKeys'>,
    private readonly logger: Logger,
  ) {}

  /** Publishes the pending actions of one case. Never throws: failures are retried by `sweep`. */
  flush(caseId: string): Promise<void> {
    const running = this.inFlight.get(caseId);
    if (running) return running.then(() => this.flush(caseId));
    const work = this.publishPending(caseId)
      .catch((err: unknown) => this.logger.warn({ err, caseId }, 'agent actions not published yet; will retry'))
      .finally(() => this.inFlight.delete(caseId));
    this.inFlight.set(caseId, work);
    return work;
  }

  /** Flushes every case that still has actions not yet confirmed in the activity chain. */
  async sweep(): Promise<void> {
    const waiting = await this.cases
      .find({ 'pendingActions.0': { $exists: true } }, { _id: 1 })
      .lean<Pick<RecoveryCaseRecord, '_id'>[]>()
      .exec();
    for (const { _id } of waiting) await this.flush(_id);
  }

  private async publishPending(caseId: string): Promise<void> {
    const found = await this.cases
      .findById(caseId, { tenantId: 1, pendingActions: 1 })
      .lean<Pick<RecoveryCaseRecord, 'tenantId' | 'pendingActions'>>()
      .exec();
    const pending: AgentActionPayload[] = found?.pendingActions ?? [];
    if (!found || pending.length === 0) return;
    const recorded = await this.chain.recordedKeys(
      found.tenantId,
      pending.map((action) => agentActionIdempotencyKey(action.actionId)),
    );
    const done = pending.filter((action) => recorded.has(agentActionIdempotencyKey(action.actionId)));
    if (done.length > 0) {
      // Bumping the revision makes a concurrent case write re-read instead of writing the recorded actions back.
      await this.cases
        .updateOne(
          { _id: caseId },
          { $pull: { pendingActions: { actionId: { $in: done.map((a) => a.actionId) } } }, $inc: { revision: 1 } },
        )
        .exec();
    }
    for (const action of pending) {
      if (recorded.has(agentActionIdempotencyKey(action.actionId))) continue;
      await this.bus.publish<AgentActionPayload>(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    }
  }
}
