import type { Logger } from 'pino';
import type { ActivityChainReader } from './activity-chain.js';
import type { ConsumerOffsets } from './consumer-offsets.js';
import type { EventBus } from './event-bus.js';
import type { ForegroundCatchUps } from './foreground-catch-ups.js';
import type { ActivityRecordedPayload } from './topics.js';

/**
 * How a consumer takes events, one of two; either must be idempotent (a crash between handling and saving the
 * offset hands the events over again).
 */
export type ChainHandler =
  | { readonly handle: (payload: ActivityRecordedPayload) => Promise<void>; readonly handleBatch?: never }
  | {
      /**
       * Each page read from the chain at once: one tenant's events in sequence order, tombstones left out. The
       * position moves past the page only when the call succeeded; a failure retries the whole page.
       */
      readonly handleBatch: (payloads: readonly ActivityRecordedPayload[]) => Promise<void>;
      readonly handle?: never;
    };

export type ActivityChainConsumerOptions = ChainHandler & {
  /** The consumer group: its offsets, and its group on the bus. */
  readonly group: string;
  readonly bus: EventBus;
  readonly chain: ActivityChainReader;
  readonly offsets: ConsumerOffsets;
  readonly logger: Logger;
  /** How often every tenant's head is compared with the group's offset (default 2 s). */
  readonly sweepIntervalMs?: number;
  /** Events read from the chain at a time (default CHAIN_PAGE_SIZE, 100). */
  readonly pageSize?: number;
  /** The offset is saved at least every this many events while a catch-up runs (default 20). */
  readonly saveEvery?: number;
  /**
   * When a catch-up stops (caught up, or at a failing event), its offset is saved this many ms later (default
   * 1,000), one write for every catch-up of the tenant meanwhile: the write leaves the path of the event that woke
   * the consumer (an alert's way to the walls runs on the same core as these writes), and a stream of small batches
   * costs one write a second, not one per batch. `stop()` and `idle()` save at once.
   */
  readonly saveDelayMs?: number;
  /** Handed-over entries kept across tenants while the consumer is behind them (default HAND_OVER_BUDGET). */
  readonly handOverBudget?: number;
  /**
   * `foreground` (default): the consumer is on the way of something waited for (detection: an alert to the walls);
   * its catch-ups start as soon as it is woken. `background`: nothing waits for it (accounts' device inventory,
   * recovery-cases' erasures); a catch-up it is woken to starts once the process's foreground catch-ups have finished,
   * or `backgroundWaitMs` later whatever runs (ADR 159). Every consumer's delayed offset writes wait the same way.
   */
  readonly priority?: 'foreground' | 'background';
  /** The longest a background catch-up or a delayed offset write waits for the foreground (default BACKGROUND_WAIT_MS). */
  readonly backgroundWaitMs?: number;
  /** The foreground catch-ups this consumer reports to and waits on (default the process's, `foregroundCatchUps`). */
  readonly foreground?: ForegroundCatchUps;
};
