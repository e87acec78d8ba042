import {
  AgentActionRelay,
  type ActivityChainReader,
  type AgentActionPayload,
  type EventBus,
  type PendingAgentActions,
} from '@vigil/core';
import type { Logger } from 'pino';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoveryCaseModel } from '../mongo/recovery-case.model.js';

/** A case's agent actions, queued inside it by the write that made them happen (`pendingActions`). */
class CasePendingActions implements PendingAgentActions {
  constructor(private readonly cases: RecoveryCaseModel) {}

  async waiting(): Promise<string[]> {
    const found = await this.cases
      .find({ 'pendingActions.0': { $exists: true } }, { _id: 1 })
      .lean<Pick<RecoveryCaseRecord, '_id'>[]>()
      .exec();
    return found.map(({ _id }) => _id);
  }

  async pendingOf(caseId: string): Promise<{ tenantId: string; actions: AgentActionPayload[] } | undefined> {
    const found = await this.cases
      .findById(caseId, { tenantId: 1, pendingActions: 1 })
      .lean<Pick<RecoveryCaseRecord, 'tenantId' | 'pendingActions'>>()
      .exec();
    return found ? { tenantId: found.tenantId, actions: found.pendingActions ?? [] } : undefined;
  }

  async confirm(caseId: string, actionIds: readonly string[]): Promise<void> {
    // Bumping the revision makes a concurrent case write re-read instead of writing the recorded actions back.
    await this.cases
      .updateOne({ _id: caseId }, { $pull: { pendingActions: { actionId: { $in: actionIds } } }, $inc: { revision: 1 } })
      .exec();
  }
}

/** The relay of recovery cases' agent actions to the activity chain (core's transactional outbox). */
export function caseActionRelay(
  cases: RecoveryCaseModel,
  bus: EventBus,
  chain: Pick<ActivityChainReader, 'recordedKeys'>,
  logger: Logger,
): AgentActionRelay {
  return new AgentActionRelay(new CasePendingActions(cases), bus, chain, logger, 'case');
}
