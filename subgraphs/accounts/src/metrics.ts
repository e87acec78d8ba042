import { ConsumerOffsets, MongoActivityChainReader, registerConsumerLagMetrics, type Registry } from '@vigil/core';
import type { Connection } from 'mongoose';
import { ACCOUNTS_CONSUMER_GROUP } from './events/device-inventory-consumer.js';

/** The accounts subgraph's collectors (docs/operations.md): the device-inventory consumer's event-bus lag. */
export function accountsMetrics(connection: Connection): (registry: Registry) => void {
  return (registry) =>
    registerConsumerLagMetrics(registry, {
      group: ACCOUNTS_CONSUMER_GROUP,
      chain: new MongoActivityChainReader(connection),
      offsets: new ConsumerOffsets(connection),
    });
}
