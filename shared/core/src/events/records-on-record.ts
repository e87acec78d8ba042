import type { Logger } from 'pino';
import type { Connection } from 'mongoose';
import { ACTIVITY_CHAIN, activityRecordedPayloadOf, CHAIN_PAGE_SIZE, type StoredActivityEvent } from './activity-chain.js';
import type { ConsumerOffsets } from './consumer-offsets.js';
import type { ActivityRecordedPayload } from './topics.js';

/** Sequences of one tenant's chain examined per read: one bounded range scan on `{ tenantId, sequence }`. */
export const RECORDS_ON_RECORD_STEP = 10_000;

export interface RecordsOnRecordOptions {
  /** The chain consumer's group: where it starts is where this stops. */
  readonly group: string;
  /** The record types the consumer must apply even when they were written before it started (an erasure). */
  readonly types: readonly string[];
  /** The consumer's connection: the chain is read (read-only) from activity-logs' database on the same server. */
  readonly connection: Connection;
  /** The consumer's offsets: this keeps its own two groups there, `<group>:on-record` and `<group>:on-record-until`. */
  readonly offsets: ConsumerOffsets;
  /** Applies records of `types`, one tenant's, in sequence order. Must be idempotent, as a chain handler. */
  readonly handle: (records: readonly ActivityRecordedPayload[]) => Promise<void>;
  readonly logger: Logger;
  /** Sequences examined per read (default RECORDS_ON_RECORD_STEP). */
  readonly step?: number;
  /** Records handed over at most per call (default CHAIN_PAGE_SIZE). */
  readonly pageSize?: number;
  /** After a failed pass, the next one starts this much later (default 5 s). */
  readonly retryMs?: number;
}

/**
 * The records of some types already in the chain before a consumer's position (ADR 147). A chain consumer starts at
 * the chain's heads the first time its group runs, so a record written before that (an account's erasure, before
 * the consumer was deployed or before its handler applied erasures) never reaches it. Started next to the consumer,
 * this hands it, once per group, every such record up to where the group stood when this first ran:
 *
 * - the bound is fixed at the first run (`<group>:on-record-until`, one offset per tenant, the group's own offsets at
 *   that moment); what is after it is the consumer's. Records at or before the group's offset may have been applied
 *   already: handing them over again changes nothing (handlers are idempotent);
 * - it reads a tenant's chain a range of `step` sequences at a time, only the records of `types` in it, and saves how
 *   far it got (`<group>:on-record`) after each range: bounded per read, and a restart resumes where it stopped;
 * - it runs beside the consumer, not before it: the consumer's work does not wait for a scan of the whole chain.
 *   A failure is logged and the pass runs again later, from the saved position.
 */
export class RecordsOnRecord {
  private running: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = true;
  private finished = false;

  constructor(private readonly options: RecordsOnRecordOptions) {}

  private get progressGroup(): string {
    return `${this.options.group}:on-record`;
  }

  private get untilGroup(): string {
    return `${this.options.group}:on-record-until`;
  }

  /** Starts the pass in the background (call after the consumer started, so its group exists). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.launch();
  }

  /** Stops after the read in flight; the saved position is where the next start resumes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.running;
  }

  /** Resolves once every record on record was handed over, or the timeout passed (tests). */
  async done(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.finished && !this.stopped && Date.now() < deadline) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, 50)));
    }
  }

  private launch(): void {
    this.running = this.pass()
      .then(() => {
        this.finished = !this.stopped;
      })
      .catch((err: unknown) => {
        this.options.logger.warn(
          { err: err instanceof Error ? err.message : String(err), group: this.options.group },
          'applying the records on record failed; retried from the saved position',
        );
        if (this.stopped) return;
        this.retry = setTimeout(() => this.launch(), this.options.retryMs ?? 5_000);
        this.retry.unref();
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Every tenant from its saved position up to its bound. */
  private async pass(): Promise<void> {
    const { offsets, group } = this.options;
    let bounds = await offsets.load(this.untilGroup);
    if (!bounds.created) {
      await offsets.create(this.untilGroup, (await offsets.load(group)).offsets);
      bounds = await offsets.load(this.untilGroup);
    }
    const progress = (await offsets.load(this.progressGroup)).offsets;
    for (const [tenantId, until] of bounds.offsets) {
      let after = progress.get(tenantId) ?? 0;
      while (after < until) {
        if (this.stopped) return;
        after = await this.step(tenantId, after, until);
        await offsets.advance(this.progressGroup, tenantId, after);
      }
    }
  }

  /** One bounded read of the tenant's chain after `after`; answers the position it got to. */
  private async step(tenantId: string, after: number, until: number): Promise<number> {
    const pageSize = this.options.pageSize ?? CHAIN_PAGE_SIZE;
    let upTo = Math.min(until, after + (this.options.step ?? RECORDS_ON_RECORD_STEP));
    const docs = await this.options.connection
      .useDb(ACTIVITY_CHAIN.dbName, { useCache: true })
      .collection<StoredActivityEvent>(ACTIVITY_CHAIN.events)
      .find(
        { tenantId, sequence: { $gt: after, $lte: upTo }, type: { $in: [...this.options.types] } },
        { sort: { sequence: 1 }, limit: pageSize },
      )
      .toArray();
    // A full page may stop short of the range: the next read starts after its last record.
    if (docs.length === pageSize) upTo = docs.at(-1)!.sequence;
    const records = docs.flatMap((doc) => {
      const payload = activityRecordedPayloadOf(doc);
      return payload ? [payload] : [];
    });
    if (records.length > 0) await this.options.handle(records);
    return upTo;
  }
}
