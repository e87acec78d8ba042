import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BusHandler, BusMessage, BusSubscription, EventBus, PublishOptions } from './event-bus.js';

export interface RedisEventBusOptions {
  /** Prefix of every stream name (REDIS_KEY_PREFIX, default `vigil:`); streams are `<prefix>events:<topic>`. */
  readonly keyPrefix?: string | undefined;
  /** Approximate cap on each topic's stream (XADD MAXLEN ~). */
  readonly maxStreamLength?: number;
  /** A message pending this long (its consumer died or its handler failed) is claimed and redelivered. */
  readonly claimIdleMs?: number;
  /** How long one XREADGROUP blocks; bounds how long `close()` waits for the read loop. */
  readonly blockMs?: number;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Redis Streams: one stream per topic, one Redis consumer group per bus group. New groups start at the
 * end of the stream (`$`), then never miss a message: it stays pending until a handler succeeds and it is
 * XACKed. Failed or orphaned messages (pending past `claimIdleMs`) are taken over with XAUTOCLAIM by any
 * consumer of the group and handled again: at least once.
 */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriptions = new Set<StreamConsumer>();
  private readonly options: Required<Omit<RedisEventBusOptions, 'keyPrefix'>>;
  private readonly streamPrefix: string;

  constructor(
    private readonly redisUrl: string,
    private readonly logger: Logger,
    options: RedisEventBusOptions = {},
  ) {
    const { keyPrefix, ...rest } = options;
    this.options = { maxStreamLength: 100_000, claimIdleMs: 30_000, blockMs: 500, ...rest };
    this.streamPrefix = `${keyPrefix ?? 'vigil:'}events:`;
    this.publisher = new Redis(redisUrl);
    this.publisher.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'redis event bus connection error'));
  }

  async publish<TPayload>(topic: string, payload: TPayload, options: PublishOptions = {}): Promise<void> {
    // `options.local` stays in this process (PublishOptions): only the payload crosses.
    const envelope = {
      dedupeKey: options.dedupeKey ?? randomUUID(),
      publishedAt: new Date().toISOString(),
      payload,
    };
    await this.publisher.xadd(
      this.streamPrefix + topic,
      'MAXLEN',
      '~',
      String(this.options.maxStreamLength),
      '*',
      'message',
      JSON.stringify(envelope),
    );
  }

  async subscribe<TPayload>(topic: string, group: string, handler: BusHandler<TPayload>): Promise<BusSubscription> {
    const stream = this.streamPrefix + topic;
    try {
      await this.publisher.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    } catch (err) {
      // BUSYGROUP: the group exists already (another process or an earlier run); join it.
      if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
    }
    const consumer = new StreamConsumer(
      new Redis(this.redisUrl),
      topic,
      stream,
      group,
      handler as BusHandler<unknown>,
      this.logger,
      this.options,
    );
    this.subscriptions.add(consumer);
    consumer.start();
    return {
      close: async () => {
        this.subscriptions.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((consumer) => consumer.stop()));
    this.subscriptions.clear();
    this.publisher.disconnect();
  }
}

/** One consumer in a group, on its own connection (XREADGROUP BLOCK holds the connection). */
class StreamConsumer {
  private readonly name = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private lastClaimAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly topic: string,
    private readonly stream: string,
    private readonly group: string,
    private readonly handler: BusHandler<unknown>,
    private readonly logger: Logger,
    private readonly options: Required<Omit<RedisEventBusOptions, 'keyPrefix'>>,
  ) {
    this.redis.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'redis consumer connection error'));
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.redis.disconnect();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (Date.now() - this.lastClaimAt >= Math.min(this.options.claimIdleMs, 1000)) {
          this.lastClaimAt = Date.now();
          await this.claimStale();
        }
        const reply = (await this.redis.xreadgroup(
          'GROUP',
          this.group,
          this.name,
          'COUNT',
          '16',
          'BLOCK',
          String(this.options.blockMs),
          'STREAMS',
          this.stream,
          '>',
        )) as [string, StreamEntry[]][] | null;
        for (const [, entries] of reply ?? []) await this.handleAll(entries);
      } catch (err) {
        if (!this.running) return;
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err), topic: this.topic },
          'event bus read failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Takes over messages left pending past `claimIdleMs` (a crashed consumer, or a handler that threw). */
  private async claimStale(): Promise<void> {
    const reply = (await this.redis.xautoclaim(
      this.stream,
      this.group,
      this.name,
      this.options.claimIdleMs,
      '0-0',
      'COUNT',
      '16',
    )) as [string, StreamEntry[], ...unknown[]];
    await this.handleAll(reply[1].filter((entry) => entry !== null));
  }

  private async handleAll(entries: StreamEntry[]): Promise<void> {
    for (const [id, fields] of entries) {
      if (!this.running) return;
      const message = this.decode(id, fields);
      if (!message) {
        await this.redis.xack(this.stream, this.group, id);
        continue;
      }
      try {
        await this.handler(message);
        await this.redis.xack(this.stream, this.group, id);
      } catch (err) {
        // Left pending: claimStale redelivers it after claimIdleMs.
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err), topic: this.topic, group: this.group, id },
          'event handler failed; the message will be redelivered',
        );
      }
    }
  }

  private decode(id: string, fields: string[]): BusMessage<unknown> | undefined {
    const raw = fields[fields.indexOf('message') + 1];
    try {
      const envelope = JSON.parse(raw ?? '') as { dedupeKey: string; publishedAt: string; payload: unknown };
      return {
        id,
        topic: this.topic,
        dedupeKey: envelope.dedupeKey,
        publishedAt: envelope.publishedAt,
        payload: envelope.payload,
      };
    } catch {
      this.logger.error({ topic: this.topic, id }, 'dropped an event bus message that is not valid JSON');
      return undefined;
    }
  }
}
