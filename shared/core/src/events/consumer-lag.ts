import { Gauge, type Registry } from 'prom-client';
import type { ActivityChainReader } from './activity-chain.js';
import type { ConsumerOffsets } from './consumer-offsets.js';

/** How far behind the tenants' activity chains one consumer group is. */
export interface ConsumerLag {
  /** Events in all chains after the group's saved offsets. */
  readonly events: number;
  /** The largest lag of one tenant (a stuck tenant shows even when the others are caught up). */
  readonly maxTenantEvents: number;
}

/**
 * Lag from the durable state (chain heads vs the group's offsets in MongoDB), so any instance or a fresh
 * process reports the same figure. Offsets are saved every few events while a catch-up runs and a second after it
 * stops (ADR 148), so a group that is working shows up to that many events more than it has handled, and 0 within
 * a second once it is idle.
 */
export async function consumerLag(chain: ActivityChainReader, offsets: ConsumerOffsets, group: string): Promise<ConsumerLag> {
  const [heads, state] = await Promise.all([chain.heads(), offsets.load(group)]);
  let events = 0;
  let maxTenantEvents = 0;
  for (const [tenantId, head] of heads) {
    const behind = Math.max(0, head - (state.offsets.get(tenantId) ?? 0));
    events += behind;
    maxTenantEvents = Math.max(maxTenantEvents, behind);
  }
  return { events, maxTenantEvents };
}

/** Registers `vigil_event_consumer_lag_events` / `…_max_tenant_events` for `group`, computed at each scrape. */
export function registerConsumerLagMetrics(
  registry: Registry,
  source: { readonly chain: ActivityChainReader; readonly offsets: ConsumerOffsets; readonly group: string },
): void {
  // One read for both gauges per scrape: the second collect reuses the first one's promise.
  let pending: Promise<ConsumerLag> | undefined;
  const read = () => {
    pending ??= consumerLag(source.chain, source.offsets, source.group).finally(() => {
      setImmediate(() => (pending = undefined));
    });
    return pending;
  };
  const lagGauge = (name: string, help: string, figure: (lag: ConsumerLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['group'] as const,
      registers: [registry],
      async collect() {
        this.set({ group: source.group }, figure(await read()));
      },
    });
  lagGauge(
    'vigil_event_consumer_lag_events',
    'Activity-chain events after the consumer group saved offsets (all tenants): event-bus lag.',
    (lag) => lag.events,
  );
  lagGauge(
    'vigil_event_consumer_lag_max_tenant_events',
    'The largest lag of a single tenant for the consumer group.',
    (lag) => lag.maxTenantEvents,
  );
}
