import { maskText, periodicTask, type BackgroundTask } from '@vigil/core';
import type { Logger } from 'pino';
import type { Channel } from '../../domain/notifications/channel-policy.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { NotificationJobRecord } from '../../adapters/mongo/notification-job.model.js';
import type { ChannelAdapter, NotificationDeliveries, NotificationJobs } from '../ports.js';
import type { NotificationFanOut } from './fan-out.js';

/** Jobs leased at a time: an alert storm's jobs are claimed and marked done in batches (ADR 115). */
const JOB_BATCH = 50;

/**
 * The outbox's worker: fans out due jobs into deliveries (claimed in batches), then sends every due delivery once,
 * one claim at a time (each claim is atomic and leased, so any number of instances may run it). Failures back off
 * through the queue; the last one dead-letters.
 */
export class DeliveryWorker {
  private readonly senders: ReadonlyMap<Channel, ChannelAdapter>;

  constructor(
    private readonly jobs: NotificationJobs,
    private readonly deliveries: NotificationDeliveries,
    private readonly fanOut: NotificationFanOut,
    senders: readonly ChannelAdapter[],
    private readonly logger: Logger,
  ) {
    this.senders = new Map(senders.map((sender) => [sender.channel, sender]));
  }

  /** Returns the attempts made (jobs planned plus deliveries tried). */
  async drain(): Promise<number> {
    let attempts = 0;
    for (let batch = await this.jobs.claimMany(JOB_BATCH); batch.length > 0; batch = await this.jobs.claimMany(JOB_BATCH)) {
      attempts += batch.length;
      const done: NotificationJobRecord[] = [];
      // The batch's webhooks and recipients, read once (ADR 116); a failed read fails the batch's jobs (retried).
      const directory = await this.fanOut
        .directoryFor(batch.map((claimed) => claimed.alert))
        .catch((error: unknown) => ({ error }));
      for (const claimed of batch) {
        try {
          if ('error' in directory) throw directory.error;
          await this.deliveries.insert(await this.fanOut.forAlert(claimed.alert, directory));
          done.push(claimed.job);
        } catch (error) {
          const { dead, reason } = await this.jobs.fail(claimed.job, error);
          this.logger.warn(
            { alertId: claimed.job._id, attempts: claimed.job.attempts, dead, reason: loggable(reason) },
            'could not prepare the notifications of an alert',
          );
        }
      }
      // A crash before this write leaves the batch leased: it is fanned out again after the lease, and the
      // deliveries' ids (derived from alert, channel and address) keep that from sending anything twice.
      await this.jobs.doneAll(done);
    }
    for (let delivery = await this.deliveries.claim(); delivery !== null; delivery = await this.deliveries.claim()) {
      attempts += 1;
      await this.send(delivery);
    }
    return attempts;
  }

  private async send(delivery: NotificationDeliveryRecord): Promise<void> {
    try {
      const sender = this.senders.get(delivery.channel);
      if (sender === undefined) throw new Error(`no ${delivery.channel} provider is configured`);
      await this.deliveries.sent(delivery, await sender.send(delivery));
    } catch (error) {
      const { dead, reason } = await this.deliveries.fail(delivery, error);
      // No address in the log line: it is PII (and providers quote it in their errors).
      this.logger.warn(
        { deliveryId: delivery._id, channel: delivery.channel, attempts: delivery.attempts, dead, reason: loggable(reason) },
        'notification delivery failed',
      );
    }
  }
}

/**
 * The worker as a background task: a drain every `pollMs`, and `wake()` for a drain now when something was
 * enqueued (coalesced with a drain in flight). A wake before start or after stop does nothing.
 */
export function deliveryTask(worker: DeliveryWorker, pollMs: number, logger: Logger): BackgroundTask & { wake(): void } {
  const task = periodicTask({
    name: 'notification-delivery',
    intervalMs: pollMs,
    run: () => worker.drain(),
    logger,
    runAtStart: true,
  });
  let running = false;
  return {
    name: task.name,
    start() {
      running = true;
      task.start();
    },
    async stop() {
      running = false;
      await task.stop();
    },
    wake() {
      if (running) void task.runNow();
    },
  };
}

/**
 * A failure reason as a log line may carry it: providers quote the recipient ("550 <jane@…> rejected"), so every
 * embedded email, phone number and IP is redacted, as core's policy shows them to a caller with no role. The queue
 * stores `lastError` redacted too (ADR 142); this keeps the log clean whatever a `NotificationDeliveries` answers.
 */
function loggable(reason: string): string {
  return maskText(reason, []);
}
