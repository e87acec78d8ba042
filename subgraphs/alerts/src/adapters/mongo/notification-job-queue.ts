import { isOnlyDuplicateKeys } from '@vigil/core';
import type { NotificationJobs } from '../../application/ports.js';
import { publishable, reviveAlert, type PublishedAlert } from '../../application/published-alert.js';
import type { AlertRecord } from './alert.model.js';
import { LeasedQueue, type RetryPolicy } from './leased-queue.js';
import type { NotificationJobModel, NotificationJobRecord } from './notification-job.model.js';

/** "Notify about this alert" jobs in MongoDB: one per alert (its id), claimed and retried by the leased queue. */
export class MongoNotificationJobs implements NotificationJobs {
  private readonly queue: LeasedQueue<NotificationJobRecord>;

  constructor(
    private readonly jobs: NotificationJobModel,
    policy: RetryPolicy,
  ) {
    this.queue = new LeasedQueue(jobs, policy);
  }

  /**
   * Idempotent per alert: a redelivered raise finds its job already there. Lean (ADR 108): the raise path builds
   * the record itself, fully typed; a mongoose document of the whole alert was CPU on the walls' path.
   */
  async enqueue(alerts: readonly AlertRecord[]): Promise<void> {
    if (alerts.length === 0) return;
    const now = new Date();
    const jobs = alerts.map((alert): NotificationJobRecord => ({
      _id: alert._id,
      tenantId: alert.tenantId,
      alert: publishable(alert),
      status: 'QUEUED',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    }));
    try {
      // Unordered: an alert whose job is already there (a redelivery) does not stop the others'.
      await this.jobs.insertMany(jobs, { lean: true, ordered: false });
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  }

  async claimMany(limit: number): Promise<{ readonly job: NotificationJobRecord; readonly alert: AlertRecord }[]> {
    return (await this.queue.claimMany(limit)).map((job) => ({
      job,
      alert: reviveAlert(job.alert as unknown as PublishedAlert),
    }));
  }

  doneAll(jobs: readonly NotificationJobRecord[]): Promise<void> {
    return this.queue.completeMany(
      jobs.map((job) => job._id),
      { status: 'DONE' },
    );
  }

  fail(job: NotificationJobRecord, error: unknown) {
    return this.queue.fail(job, error);
  }
}
