import type { Logger } from 'pino';
import { InMemoryPubSub } from './in-memory-pubsub.js';
import type { VigilPubSub } from './pubsub.js';
import { RedisPubSub } from './redis-pubsub.js';

export * from './event-queue.js';
export * from './in-memory-pubsub.js';
export * from './pubsub.js';
export * from './redis-pubsub.js';

/** Redis pub/sub when REDIS_URL is set (several processes), else in-memory (one process). */
export function createPubSub(
  config: { readonly REDIS_URL?: string | undefined; readonly REDIS_KEY_PREFIX?: string | undefined },
  logger: Logger,
): VigilPubSub {
  return config.REDIS_URL ? new RedisPubSub(config.REDIS_URL, logger, config.REDIS_KEY_PREFIX) : new InMemoryPubSub();
}
