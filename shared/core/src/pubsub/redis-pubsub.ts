import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { jsonOrUndefined } from '../domain/json-text.js';
import { EventQueue } from './event-queue.js';
import { channelOf, publishTarget, type VigilPubSub } from './pubsub.js';

/**
 * Across processes: Redis pub/sub. Payloads travel as JSON, so subscribers receive plain data
 * (Dates arrive as ISO strings): publish plain payloads. One Redis SUBSCRIBE per channel per process,
 * shared by all local subscribers of that channel.
 */
export class RedisPubSub implements VigilPubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Set<EventQueue<unknown>>>();
  /** `<REDIS_KEY_PREFIX>pubsub:` (default `vigil:pubsub:`): Redis channel names are this plus the channel. */
  private readonly prefix: string;

  constructor(
    redisUrl: string,
    private readonly logger: Logger,
    keyPrefix = 'vigil:',
  ) {
    this.prefix = `${keyPrefix}pubsub:`;
    this.publisher = new Redis(redisUrl, { lazyConnect: false });
    this.subscriber = new Redis(redisUrl, { lazyConnect: false });
    this.subscriber.on('message', (redisChannel: string, message: string) => this.deliver(redisChannel, message));
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'redis pubsub connection error'));
    }
  }

  publish(routingKey: string, ...args: unknown[]): void {
    const { channel, payload } = publishTarget(routingKey, args);
    this.publisher.publish(this.prefix + channel, JSON.stringify(payload ?? null)).catch((err: Error) => {
      this.logger.error({ err: err.message, channel }, 'redis publish failed');
    });
  }

  /** Subscribers in other processes are not known here: every channel may have some. */
  listens(): boolean {
    return true;
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterableIterator<unknown> {
    const channel = channelOf(routingKey, dynamicId);
    let listeners = this.channels.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(channel, listeners);
      this.subscriber.subscribe(this.prefix + channel).catch((err: Error) => {
        this.logger.error({ err: err.message, channel }, 'redis subscribe failed');
      });
    }
    const local = listeners;
    const queue: EventQueue<unknown> = new EventQueue(() => {
      local.delete(queue);
      if (local.size === 0 && this.channels.get(channel) === local) {
        this.channels.delete(channel);
        this.subscriber.unsubscribe(this.prefix + channel).catch(() => undefined);
      }
    });
    local.add(queue);
    return queue;
  }

  /** Resolves once Redis confirmed every SUBSCRIBE issued so far (tests publish right after subscribing). */
  async ready(): Promise<void> {
    await this.subscriber.ping();
  }

  async close(): Promise<void> {
    for (const listeners of [...this.channels.values()]) {
      for (const queue of [...listeners]) await queue.return();
    }
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private deliver(redisChannel: string, message: string): void {
    const listeners = this.channels.get(redisChannel.slice(this.prefix.length));
    if (!listeners) return;
    const payload = jsonOrUndefined(message);
    if (payload === undefined) {
      this.logger.warn({ channel: redisChannel }, 'dropped a pubsub message that is not JSON');
      return;
    }
    for (const queue of listeners) queue.push(payload);
  }
}
