import type { Logger } from 'pino';
import type { EventBus } from './event-bus.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

export * from './activity-chain.js';
export * from './chain-consumer.js';
export * from './chain-consumer-options.js';
export * from './foreground-catch-ups.js';
export * from './handed-over.js';
export * from './consumer-offsets.js';
export * from './consumer-lag.js';
export * from './records-on-record.js';
export * from './event-bus.js';
export * from './in-memory-event-bus.js';
export * from './redis-event-bus.js';
export * from './topics.js';
export * from './admin-actions.js';
export * from './agent-action-relay.js';

/** Redis Streams when REDIS_URL is set (several processes), else in-memory (one process). */
export function createEventBus(
  config: { readonly REDIS_URL?: string | undefined; readonly REDIS_KEY_PREFIX?: string | undefined },
  logger: Logger,
): EventBus {
  return config.REDIS_URL
    ? new RedisEventBus(config.REDIS_URL, logger, { keyPrefix: config.REDIS_KEY_PREFIX })
    : new InMemoryEventBus(logger);
}
