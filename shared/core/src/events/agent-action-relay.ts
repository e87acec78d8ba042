import type { Logger } from 'pino';
import type { ActivityChainReader } from './activity-chain.js';
import type { EventBus } from './event-bus.js';
import { agentActionIdempotencyKey, TOPICS, type AgentActionPayload } from './topics.js';

/**
 * Where a subgraph keeps the audit records its writes queued: inside the document each write changed
 * (`pendingActions`), so the record is stored by the same write as the change (recovery cases; accounts, ADR 141).
 */
export interface PendingAgentActions {
  /** Ids of the documents that still hold records not yet confirmed in the activity chain. */
  waiting(): Promise<string[]>;
  /** One document's tenant and queued records; undefined when the document is gone. */
  pendingOf(id: string): Promise<{ readonly tenantId: string; readonly actions: AgentActionPayload[] } | undefined>;
  /** Removes the records the chain holds, keeping the document's own guard against concurrent writes. */
  confirm(id: string, actionIds: readonly string[]): Promise<void>;
}

/**
 * Transactional outbox for agent actions. The relay publishes each queued record on the `agent.action` topic with
 * its action id as dedupe key, and removes it only once it is durably in the tenant's activity chain (found there
 * by its idempotency key): a message lost on the way — the in-memory bus dies with the process, Redis may restart
 * without persistence, activity-logs may crash before recording it — is sent again by a later flush (after the next
 * change, or the periodic sweep), and activity-logs answers a resend with the recorded event.
 */
export class AgentActionRelay {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: PendingAgentActions,
    private readonly bus: EventBus,
    private readonly chain: Pick<ActivityChainReader, 'recordedKeys'>,
    private readonly logger: Logger,
    /** What the documents are, for the retry log line ("case", "account"). */
    private readonly documentKind: string,
  ) {}

  /** Publishes the pending records of one document. Never throws: failures are retried by `sweep`. */
  flush(id: string): Promise<void> {
    const running = this.inFlight.get(id);
    if (running) return running.then(() => this.flush(id));
    const work = this.publishPending(id)
      .catch((err: unknown) =>
        this.logger.warn({ err, [`${this.documentKind}Id`]: id }, 'agent actions not published yet; will retry'),
      )
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  /** Flushes every document that still has records not yet confirmed in the activity chain. */
  async sweep(): Promise<void> {
    for (const id of await this.store.waiting()) await this.flush(id);
  }

  private async publishPending(id: string): Promise<void> {
    const found = await this.store.pendingOf(id);
    if (!found || found.actions.length === 0) return;
    const keyOf = (action: AgentActionPayload) => agentActionIdempotencyKey(action.actionId);
    const recorded = await this.chain.recordedKeys(found.tenantId, found.actions.map(keyOf));
    const done = found.actions.filter((action) => recorded.has(keyOf(action))).map((action) => action.actionId);
    if (done.length > 0) await this.store.confirm(id, done);
    for (const action of found.actions) {
      if (recorded.has(keyOf(action))) continue;
      await this.bus.publish<AgentActionPayload>(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    }
  }
}
