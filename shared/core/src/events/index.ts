import type { Logger } from 'pino';
import type { EventBus } from './event-bus.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

export * from './event-bus.js';
export * from './in-memory-event-bus.js';
export * from './redis-event-bus.js';
export * from './topics.js';
export * from './admin-actions.js';

/** Redis Streams when REDIS_URL is set (several processes), else in-memory (one process). */
export function createEventBus(config: { readonly REDIS_URL?: string | undefined }, logger: Logger): EventBus {
  return config.REDIS_URL ? new RedisEventBus(config.REDIS_URL, logger) : new InMemoryEventBus(logger);
}
