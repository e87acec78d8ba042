import {
  AgentActionRelay,
  type ActivityChainReader,
  type AgentActionPayload,
  type EventBus,
  type PendingAgentActions,
} from '@vigil/core';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { AccountRecord } from '../../domain/records.js';

/** Staff changes' audit records, queued inside the account by the write that changed it (`pendingActions`, ADR 141). */
class AccountPendingActions implements PendingAgentActions {
  constructor(private readonly accounts: Model<AccountRecord>) {}

  async waiting(): Promise<string[]> {
    const found = await this.accounts
      .find({ 'pendingActions.0': { $exists: true } }, { _id: 1 })
      .lean<Pick<AccountRecord, '_id'>[]>()
      .exec();
    return found.map(({ _id }) => _id);
  }

  async pendingOf(accountId: string): Promise<{ tenantId: string; actions: AgentActionPayload[] } | undefined> {
    const found = await this.accounts
      .findById(accountId, { tenantId: 1, pendingActions: 1 })
      .lean<Pick<AccountRecord, 'tenantId' | 'pendingActions'>>()
      .exec();
    return found ? { tenantId: found.tenantId, actions: found.pendingActions ?? [] } : undefined;
  }

  async confirm(accountId: string, actionIds: readonly string[]): Promise<void> {
    // The account did not change: its updatedAt, which guards staff updates, stays as it was.
    await this.accounts
      .updateOne({ _id: accountId }, { $pull: { pendingActions: { actionId: { $in: actionIds } } } }, { timestamps: false })
      .exec();
  }
}

/** The relay of staff changes' audit records to the activity chain (core's transactional outbox, ADR 141). */
export function accountActionRelay(
  accounts: Model<AccountRecord>,
  bus: EventBus,
  chain: Pick<ActivityChainReader, 'recordedKeys'>,
  logger: Logger,
): AgentActionRelay {
  return new AgentActionRelay(new AccountPendingActions(accounts), bus, chain, logger, 'account');
}
