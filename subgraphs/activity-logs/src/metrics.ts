import { Gauge, MongoActivityChainReader, type Registry } from '@vigil/core';
import type { Connection } from 'mongoose';
import type { OutboxModel } from './adapters/mongo/outbox.model.js';

/**
 * The activity-logs collectors (docs/operations.md): the chains' length (their rate is the ingestion rate) and
 * the publish outbox (batches stored but not yet announced on the bus: the producer side of event-bus lag).
 */
export function activityLogsMetrics(connection: Connection, outbox: OutboxModel): (registry: Registry) => void {
  const chain = new MongoActivityChainReader(connection);
  return (registry) => {
    new Gauge({
      name: 'vigil_activity_chain_events',
      help: 'Events in all tenants activity chains (sum of the chain heads); its rate is events recorded per second.',
      registers: [registry],
      async collect() {
        let total = 0;
        for (const head of (await chain.heads()).values()) total += head;
        this.set(total);
      },
    });
    new Gauge({
      name: 'vigil_activity_publish_outbox_batches',
      help: 'Recorded batches not yet published on the event bus (the relay publishes them).',
      registers: [registry],
      async collect() {
        this.set(await outbox.estimatedDocumentCount());
      },
    });
  };
}
