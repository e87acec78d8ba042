import {
  ActivityChainConsumer,
  ConsumerOffsets,
  MongoActivityChainReader,
  RecordsOnRecord,
  VIGIL_EVENT_TYPES,
  type ActivityRecordedPayload,
  type BackgroundTask,
  type EventBus,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CaseErasure } from '../../application/case-erasure.js';

/** Consumer group of recovery-cases on the activity chain: its offsets, and its group on the bus. */
export const ERASURE_GROUP = 'recovery-cases-erasures';

/**
 * Follows every tenant's activity chain for `system.privacy.account_erased` records (ADR 144), as alerts' detection
 * does (ADR 132): from saved offsets, so an erasure recorded while this subgraph was down is applied when it is back.
 * Other events are passed over. A failed application stops the tenant at the record and is retried. Erasures recorded
 * before the group first ran (or before this version followed erasures) are applied too, once, beside it (ADR 147).
 */
export class ErasureConsumer implements BackgroundTask {
  readonly name = 'erasure-consumer';
  private follower: ActivityChainConsumer | undefined;
  private onRecord: RecordsOnRecord | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly connection: Connection,
    private readonly erasure: CaseErasure,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.follower !== undefined) return;
    const offsets = new ConsumerOffsets(this.connection);
    const follower = new ActivityChainConsumer({
      group: ERASURE_GROUP,
      bus: this.bus,
      // It reads every event of every tenant and needs only the type, account and time of each: no payload field.
      chain: new MongoActivityChainReader(this.connection, { fields: [] }),
      offsets,
      handleBatch: (payloads) => this.handleBatch(payloads),
      logger: this.logger,
      // No alert waits for a case's erasure: its catch-ups let detection's go first in a shared process (ADR 159).
      priority: 'background',
    });
    await follower.start();
    this.follower = follower;
    // The group starts at the chain's heads: erasures already on record before that reach the cases this way.
    this.onRecord = new RecordsOnRecord({
      group: ERASURE_GROUP,
      types: [VIGIL_EVENT_TYPES.accountErased],
      connection: this.connection,
      offsets,
      handle: (records) => this.handleBatch(records),
      logger: this.logger,
    });
    this.onRecord.start();
  }

  async stop(): Promise<void> {
    const { follower, onRecord } = this;
    this.follower = undefined;
    this.onRecord = undefined;
    await onRecord?.stop();
    await follower?.stop();
  }

  private async handleBatch(payloads: readonly ActivityRecordedPayload[]): Promise<void> {
    for (const record of payloads) {
      if (record.type !== VIGIL_EVENT_TYPES.accountErased || typeof record.accountId !== 'string') continue;
      const { tenantId, accountId, eventId } = record;
      const cases = await this.erasure.eraseAccount(tenantId, accountId, new Date(record.occurredAt));
      this.logger.info({ tenantId, eventId, cases }, 'account erasure applied to recovery cases');
    }
  }
}
