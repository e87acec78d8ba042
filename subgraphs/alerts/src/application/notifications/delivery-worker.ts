import { periodicTask, type BackgroundTask } from '@vigil/core';
import type { Logger } from 'pino';
import type { Channel } from '../../domain/notifications/channel-policy.js';
import type { NotificationDeliveryRecord } from '../../adapters/mongo/notification-delivery.model.js';
import type { ChannelAdapter, NotificationDeliveries, NotificationJobs } from '../ports.js';
import type { NotificationFanOut } from './fan-out.js';

/**
 * The outbox's worker: fans out due jobs into deliveries, then sends every due delivery once, one claim at a
 * time (each claim is atomic and leased, so any number of instances may run it). Failures back off through
 * the queue; the last one dead-letters.
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
    for (let claimed = await this.jobs.claim(); claimed !== null; claimed = await this.jobs.claim()) {
      attempts += 1;
      try {
        await this.deliveries.insert(await this.fanOut.forAlert(claimed.alert));
        await this.jobs.done(claimed.job);
      } catch (error) {
        const { dead, reason } = await this.jobs.fail(claimed.job, error);
        this.logger.warn(
          { alertId: claimed.job._id, attempts: claimed.job.attempts, dead, reason },
          'could not prepare the notifications of an alert',
        );
      }
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
      // No address in the log line: it is PII.
      this.logger.warn(
        { deliveryId: delivery._id, channel: delivery.channel, attempts: delivery.attempts, dead, reason },
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
