/**
 * Domain events between subgraphs: at-least-once delivery with consumer groups.
 * In one process (`npm start`) an in-memory bus; across processes Redis Streams (`REDIS_URL`).
 * A consumer may see the same message twice: handlers are idempotent and use `dedupeKey`.
 */
export interface BusMessage<TPayload> {
  /** Transport id (Redis stream id, or a counter in memory). */
  readonly id: string;
  readonly topic: string;
  /** Stable key of the fact this message carries (e.g. the activity event id); the same on redelivery. */
  readonly dedupeKey: string;
  readonly publishedAt: string;
  readonly payload: TPayload;
  /**
   * What the publisher attached with `PublishOptions.local`: only a bus in the publisher's own process carries it
   * (by reference, never serialised); a message that crossed processes has none.
   */
  readonly local?: unknown;
}

export type BusHandler<TPayload> = (message: BusMessage<TPayload>) => Promise<void>;

export interface PublishOptions {
  /** Defaults to a fresh id; pass the fact's own id so redeliveries and retried publishes dedupe. */
  readonly dedupeKey?: string;
  /**
   * A process-local attachment (e.g. the data the message announces, so a consumer in this process need not read
   * it back): the in-memory bus hands it to the handlers; a bus between processes drops it. Nothing outside the
   * process can write one, and a consumer must work without it.
   */
  readonly local?: unknown;
}

export interface BusSubscription {
  /** Stops delivering to this handler; in-flight handlers finish first. */
  close(): Promise<void>;
}

export interface EventBus {
  publish<TPayload>(topic: string, payload: TPayload, options?: PublishOptions): Promise<void>;
  /**
   * Every consumer group receives every message once (at least once); within a group, one consumer
   * handles each message. A handler that throws leaves the message unacknowledged for redelivery.
   */
  subscribe<TPayload>(topic: string, group: string, handler: BusHandler<TPayload>): Promise<BusSubscription>;
  close(): Promise<void>;
}
