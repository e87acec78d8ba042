import type { RateLimit } from '../../domain/notifications/channel-policy.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { NotificationDeliveries, NotificationJobs } from '../ports.js';
import type { NotificationFanOut } from './fan-out.js';

/** Retry, rate-limit and polling knobs of the notification outbox (tests shorten them). */
export interface OutboxOptions {
  /** Attempts before a job or delivery is dead-lettered (FAILED). Default 6. */
  readonly maxAttempts?: number;
  /** Backoff before attempt n + 1. Default exponential from 2 s to 10 min with jitter. */
  readonly retryDelayMs?: (attempt: number) => number;
  /** Per account and channel. Default 5 per 60 minutes (critical alerts exempt). */
  readonly rateLimit?: RateLimit;
  /** How long a claimed job or delivery stays leased to one worker before another may take it over. Default 30 s. */
  readonly leaseMs?: number;
  /** How often the worker looks for due work. Default 1 s. */
  readonly pollMs?: number;
}

/**
 * The durable notification outbox, as the rest of the subgraph sees it: enqueue writes (idempotently) before
 * anything is sent, then wakes the delivery worker; the worker (delivery-worker.ts) does the rest.
 */
export class NotificationOutbox {
  constructor(
    private readonly jobs: NotificationJobs,
    private readonly deliveries: NotificationDeliveries,
    private readonly fanOut: NotificationFanOut,
    private readonly wake: () => void,
  ) {}

  /** The raise path: one local insert for the alerts (idempotent per alert); the worker looks up recipients and sends. */
  async enqueueForAlerts(alerts: readonly AlertRecord[]): Promise<void> {
    await this.jobs.enqueue(alerts);
    this.wake();
  }

  /** sendTestAlert: the deliveries are planned and stored now, so the caller sees them at once. */
  async enqueueTest(tenantId: string, accountId: string | undefined, requestedBy: string): Promise<NotificationDeliveryRecord[]> {
    const rows = await this.fanOut.forTest(tenantId, accountId, requestedBy);
    await this.deliveries.insert(rows);
    this.wake();
    return rows;
  }
}
