import {
  ConsumerOffsets,
  Counter,
  Gauge,
  MongoActivityChainReader,
  registerConsumerLagMetrics,
  type Registry,
} from '@vigil/core';
import type { Connection } from 'mongoose';
import type { NotificationDeliveryModel } from './adapters/mongo/notification-delivery.model.js';
import type { NotificationJobModel } from './adapters/mongo/notification-job.model.js';
import type { RaiseOutcome } from './application/alert-raiser.js';
import { DETECTION_GROUP, type DetectionObserver } from './adapters/events/detection-consumer.js';
import type { WindowCacheObserver } from './domain/window-cache-observer.js';

/**
 * The alerts subgraph's collectors on its `/metrics` (docs/operations.md): detections, alerts by rule, the
 * detection group's event-bus lag, and the notification outbox. Counters live here from construction (detection
 * may run before the server exists); `register` attaches everything to the server's registry.
 */
export class AlertsMetrics implements DetectionObserver, WindowCacheObserver {
  private readonly detectionEvents = new Counter({
    name: 'vigil_detection_events_total',
    help: 'Activity events judged by detection (rate() gives events per second).',
    registers: [],
  });
  private readonly alertsRaised = new Counter({
    name: 'vigil_alerts_raised_total',
    help: 'Alerts stored by detection, by rule (a redelivered event is not counted again).',
    labelNames: ['rule'] as const,
    registers: [],
  });
  private readonly detectionsSuppressed = new Counter({
    name: 'vigil_detections_suppressed_total',
    help: 'Detections joined to the alert already holding their suppression window, by rule.',
    labelNames: ['rule'] as const,
    registers: [],
  });

  private readonly windowReads = new Counter({
    name: 'vigil_detection_window_reads_total',
    help: "The rules' window reads of this instance, by answer: from its window cache (cache) or with a MongoDB read (store).",
    labelNames: ['answer'] as const,
    registers: [],
  });
  private readonly windowResets = new Counter({
    name: 'vigil_detection_window_cache_resets_total',
    help: "Tenants this instance's window cache forgot because another instance recorded (or a recording failed).",
    registers: [],
  });

  constructor(
    private readonly connection: Connection,
    private readonly jobs: NotificationJobModel,
    private readonly deliveries: NotificationDeliveryModel,
  ) {}

  judged(): void {
    this.detectionEvents.inc();
  }

  raised(ruleId: string, outcome: RaiseOutcome): void {
    if (outcome.kind === 'suppressed') this.detectionsSuppressed.inc({ rule: ruleId });
    else if (outcome.fresh) this.alertsRaised.inc({ rule: ruleId });
  }

  windowRead(answer: 'cache' | 'store'): void {
    this.windowReads.inc({ answer });
  }

  forgotten(): void {
    this.windowResets.inc();
  }

  readonly register = (registry: Registry): void => {
    registry.registerMetric(this.detectionEvents);
    registry.registerMetric(this.alertsRaised);
    registry.registerMetric(this.detectionsSuppressed);
    registry.registerMetric(this.windowReads);
    registry.registerMetric(this.windowResets);
    registerConsumerLagMetrics(registry, {
      group: DETECTION_GROUP,
      chain: new MongoActivityChainReader(this.connection),
      offsets: new ConsumerOffsets(this.connection),
    });
    // Counted at scrape time from MongoDB (indexed on status): true across every instance of the subgraph.
    const work = { jobs: this.jobs, deliveries: this.deliveries };
    notificationWorkGauge(registry, work, 'QUEUED', {
      name: 'vigil_notification_outbox_depth',
      help: 'Notification work waiting to be sent (QUEUED), by kind: alert fan-out jobs and deliveries.',
    });
    notificationWorkGauge(registry, work, 'FAILED', {
      name: 'vigil_notification_dead_letters',
      help: 'Notification work that used up its attempts (FAILED), by kind.',
    });
  };
}

/** A gauge of the notification work (jobs and deliveries, label `kind`) in one status, counted at each scrape. */
function notificationWorkGauge(
  registry: Registry,
  work: { readonly jobs: NotificationJobModel; readonly deliveries: NotificationDeliveryModel },
  status: 'QUEUED' | 'FAILED',
  gauge: { readonly name: string; readonly help: string },
): void {
  new Gauge({
    ...gauge,
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const [job, delivery] = await Promise.all([
        work.jobs.countDocuments({ status }),
        work.deliveries.countDocuments({ status }),
      ]);
      this.set({ kind: 'job' }, job);
      this.set({ kind: 'delivery' }, delivery);
    },
  });
}
