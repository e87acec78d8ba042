import { TOPICS, type AgentActionPayload, type EventBus } from '@vigil/core';
import type { Logger } from 'pino';
import type { RecoveryCaseModel, RecoveryCaseRecord } from '../models/recovery-case.js';

/**
 * Transactional outbox for agent actions. Each action is stored inside its case by the same write that
 * made it happen (`pendingActions`); this relay publishes it on the bus with the action id as dedupe
 * key, then removes it. If the bus or activity-logs is down, actions wait in MongoDB and a later flush
 * (after the next change, or the periodic sweep) sends them: nothing is lost, and a resend is deduped.
 */
export class ActionRelay {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly cases: RecoveryCaseModel,
    private readonly bus: EventBus,
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

  /** Flushes every case that still has unpublished actions. */
  async sweep(): Promise<void> {
    const waiting = await this.cases
      .find({ 'pendingActions.0': { $exists: true } }, { _id: 1 })
      .lean<Pick<RecoveryCaseRecord, '_id'>[]>()
      .exec();
    for (const { _id } of waiting) await this.flush(_id);
  }

  private async publishPending(caseId: string): Promise<void> {
    const found = await this.cases
      .findById(caseId, { pendingActions: 1 })
      .lean<Pick<RecoveryCaseRecord, 'pendingActions'>>()
      .exec();
    const pending: AgentActionPayload[] = found?.pendingActions ?? [];
    if (pending.length === 0) return;
    for (const action of pending) {
      await this.bus.publish<AgentActionPayload>(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    }
    // Bumping the revision makes a concurrent case write re-read instead of writing the sent actions back.
    await this.cases
      .updateOne(
        { _id: caseId },
        { $pull: { pendingActions: { actionId: { $in: pending.map((a) => a.actionId) } } }, $inc: { revision: 1 } },
      )
      .exec();
  }
}
