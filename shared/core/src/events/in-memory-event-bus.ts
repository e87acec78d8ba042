import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BusHandler, BusMessage, BusSubscription, EventBus, PublishOptions } from './event-bus.js';
import { redeliveryDelayMs } from './retry.js';

/**
 * One consumer group on one topic: messages are handed to the group's consumers round-robin, one at a
 * time, in publish order. A handler that throws gets the message again after a backoff while the group
 * goes on with the next messages — like an unacknowledged message in Redis, a failing message never
 * blocks the others (at least once, not in order across a failure).
 */
class ConsumerGroup {
  private readonly queue: QueuedMessage[] = [];
  private readonly consumers: BusHandler<unknown>[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private nextConsumer = 0;
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.consumers.length;
  }

  add(handler: BusHandler<unknown>): void {
    this.consumers.push(handler);
  }

  async remove(handler: BusHandler<unknown>): Promise<void> {
    const index = this.consumers.indexOf(handler);
    if (index >= 0) this.consumers.splice(index, 1);
    if (this.consumers.length === 0) await this.stop();
  }

  /** Stops delivering; an in-flight handler finishes first. Undelivered messages are dropped (memory only). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.draining;
  }

  enqueue(message: BusMessage<unknown>, attempt = 0): void {
    if (this.stopped) return;
    this.queue.push({ message, attempt });
    this.startDraining();
  }

  private startDraining(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // A message enqueued after drain() saw an empty queue, but before this callback ran, found `draining`
      // still set and started nothing: without this it waited for the next publish.
      if (!this.stopped && this.queue.length > 0 && this.consumers.length > 0) this.startDraining();
    });
  }

  /** Resolves when every queued message was handled, retries included (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.draining || this.retryTimers.size > 0) {
      await (this.draining ?? new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.length > 0 && this.consumers.length > 0) {
      const { message, attempt } = this.queue.shift()!;
      const consumer = this.consumers[this.nextConsumer++ % this.consumers.length]!;
      try {
        await consumer(message);
      } catch (err) {
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err), topic: message.topic, group: this.name, attempt: attempt + 1 },
          'event handler failed; the message will be redelivered',
        );
        this.scheduleRetry(message, attempt + 1);
      }
    }
  }

  private scheduleRetry(message: BusMessage<unknown>, attempt: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueue(message, attempt);
    }, redeliveryDelayMs(attempt));
    this.retryTimers.add(timer);
  }
}

interface QueuedMessage {
  readonly message: BusMessage<unknown>;
  /** Failed deliveries so far. */
  readonly attempt: number;
}

/** The event bus of one process (`npm start`, tests): same contract as the Redis Streams bus. */
export class InMemoryEventBus implements EventBus {
  private readonly topics = new Map<string, Map<string, ConsumerGroup>>();
  private sequence = 0;

  constructor(private readonly logger: Logger) {}

  async publish<TPayload>(topic: string, payload: TPayload, options: PublishOptions = {}): Promise<void> {
    const message: BusMessage<unknown> = {
      id: String(++this.sequence),
      topic,
      dedupeKey: options.dedupeKey ?? randomUUID(),
      publishedAt: new Date().toISOString(),
      payload,
      ...(options.local === undefined ? {} : { local: options.local }),
    };
    for (const group of this.topics.get(topic)?.values() ?? []) group.enqueue(message);
  }

  async subscribe<TPayload>(topic: string, group: string, handler: BusHandler<TPayload>): Promise<BusSubscription> {
    const groups = this.topics.get(topic) ?? new Map<string, ConsumerGroup>();
    this.topics.set(topic, groups);
    const consumerGroup = groups.get(group) ?? new ConsumerGroup(group, this.logger);
    groups.set(group, consumerGroup);
    const consumer = handler as BusHandler<unknown>;
    consumerGroup.add(consumer);
    return {
      close: async () => {
        await consumerGroup.remove(consumer);
        if (consumerGroup.size === 0 && groups.get(group) === consumerGroup) groups.delete(group);
      },
    };
  }

  /** Resolves when every message published so far has been handled by every group. */
  async idle(): Promise<void> {
    for (const groups of this.topics.values()) {
      for (const group of groups.values()) await group.idle();
    }
  }

  async close(): Promise<void> {
    const groups = [...this.topics.values()].flatMap((byName) => [...byName.values()]);
    this.topics.clear();
    await Promise.all(groups.map((group) => group.stop()));
  }
}
