import type { BackgroundTask, SubgraphDeps } from '@vigil/core';
import type { Logger } from 'pino';
import type { AlertsConfig } from '../config.js';
import { DEFAULT_RATE_LIMIT } from '../domain/notifications/channel-policy.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../domain/notifications/delivery-policy.js';
import { AuditedNotificationService } from '../application/admin-audit.js';
import { deliveryTask, DeliveryWorker } from '../application/notifications/delivery-worker.js';
import { NotificationFanOut } from '../application/notifications/fan-out.js';
import { NotificationOutbox, type OutboxOptions } from '../application/notifications/outbox.js';
import type { RecipientDirectory } from '../application/ports.js';
import { channelSenders } from './channel-senders.js';
import type { AlertsModels } from './mongo/models.js';
import { MongoNotificationDeliveries } from './mongo/notification-delivery-queue.js';
import { MongoDeliveryReads, MongoWebhookEndpoints } from './mongo/mongo-notification-reads.js';
import { MongoNotificationJobs } from './mongo/notification-job-queue.js';

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_POLL_MS = 1_000;

/**
 * The notification outbox wired: Mongo queues (jobs, deliveries), fan-out planning, the configured senders,
 * the delivery worker as a background task, and the service behind the notification API.
 */
export function assembleNotifications(input: {
  readonly deps: SubgraphDeps;
  readonly config: AlertsConfig;
  readonly models: AlertsModels;
  readonly recipients: RecipientDirectory | null;
  readonly logger: Logger;
  readonly tuning?: OutboxOptions;
}) {
  const { deps, config, models, logger, tuning = {} } = input;
  const policy = {
    maxAttempts: tuning.maxAttempts ?? MAX_DELIVERY_ATTEMPTS,
    delayMs: tuning.retryDelayMs ?? ((attempt: number) => retryDelayMs(attempt)),
    leaseMs: tuning.leaseMs ?? DEFAULT_LEASE_MS,
  };
  const jobs = new MongoNotificationJobs(models.jobs, policy);
  const deliveries = new MongoNotificationDeliveries(models.deliveries, models.webhooks, policy);
  const fanOut = new NotificationFanOut(input.recipients, deliveries, tuning.rateLimit ?? DEFAULT_RATE_LIMIT);
  const senders = channelSenders(config, (webhookId) => service.secretOf(webhookId));
  const worker = new DeliveryWorker(jobs, deliveries, fanOut, senders.senders, logger);
  const delivery = deliveryTask(worker, tuning.pollMs ?? DEFAULT_POLL_MS, logger);
  const outbox = new NotificationOutbox(jobs, deliveries, fanOut, () => delivery.wake());
  const service = new AuditedNotificationService(
    new MongoDeliveryReads(models.deliveries),
    new MongoWebhookEndpoints(models.webhooks),
    outbox,
    deps.config.NODE_ENV === 'production',
    config.OUTBOUND_ALLOWED_NETWORKS,
  ).auditTo(deps.bus);
  // Closes the SMTP pool once the worker has stopped (tasks stop in reverse order).
  const smtpPool: BackgroundTask = { name: 'smtp-pool', start() {}, stop: async () => senders.close() };
  return { outbox, worker, service, tasks: [smtpPool, delivery] as const };
}
