import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  channelsFor,
  withinRateLimit,
  DEFAULT_RATE_LIMIT,
  type Channel,
  type RateLimit,
} from '../domain/notifications/channel-policy.js';
import { MAX_DELIVERY_ATTEMPTS, isDeadLetter, retryDelayMs } from '../domain/notifications/delivery-policy.js';
import { renderNotification } from '../domain/notifications/templates.js';
import type { RuleId } from '../domain/rule-catalog.js';
import type { Severity } from '../domain/severity.js';
import type { AlertRecord } from '../adapters/mongo/alert.model.js';
import type { NotificationDeliveryModel, NotificationDeliveryRecord } from '../adapters/mongo/notification-delivery.model.js';
import type { NotificationJobModel, NotificationJobRecord } from '../adapters/mongo/notification-job.model.js';
import { publishable, reviveAlert, type PublishedAlert } from '../adapters/events/alert-events.js';
import type { WebhookEndpointModel } from '../adapters/mongo/webhook-endpoint.model.js';
import type { ChannelAdapter } from '../adapters/channel-adapters.js';
import type { RecipientDirectory } from '../adapters/accounts-recipients.js';

export interface OutboxOptions {
  readonly maxAttempts?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly rateLimit?: RateLimit;
  /** How long a claimed delivery stays leased to one worker before another may take it over. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
}

const deliveryId = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * The durable notification outbox: `enqueue*` writes deliveries (idempotently) before anything is sent;
 * `drain` claims due deliveries one at a time with an atomic findOneAndUpdate (status + lease), so any
 * number of instances can run it; each attempt is recorded, failures back off, the last one dead-letters.
 */
export class NotificationOutbox {
  private readonly maxAttempts: number;
  private readonly delay: (attempt: number) => number;
  private readonly rateLimit: RateLimit;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly adapters: Map<Channel, ChannelAdapter>;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly jobs: NotificationJobModel,
    private readonly deliveries: NotificationDeliveryModel,
    private readonly webhooks: WebhookEndpointModel,
    private readonly recipients: RecipientDirectory | null,
    adapters: readonly ChannelAdapter[],
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.adapters = new Map(adapters.map((adapter) => [adapter.channel, adapter]));
    this.maxAttempts = options.maxAttempts ?? MAX_DELIVERY_ATTEMPTS;
    this.delay = options.retryDelayMs ?? ((attempt) => retryDelayMs(attempt));
    this.rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
  }

  /** The raise path: one local insert (idempotent per alert); the worker does the rest. */
  async enqueueForAlert(alert: AlertRecord): Promise<void> {
    try {
      await this.jobs.create([
        {
          _id: alert._id,
          tenantId: alert.tenantId,
          alert: publishable(alert),
          status: 'QUEUED',
          attempts: 0,
          nextAttemptAt: new Date(),
          createdAt: new Date(),
        },
      ]);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    this.kick();
  }

  /**
   * Customer channels (preferences respected, critical mandatory, rate-limited) and the tenant's webhooks.
   * An alert linked to an open one on the same account notifies the customer only when it is CRITICAL:
   * one incident, one message.
   */
  private async fanOut(alert: AlertRecord): Promise<void> {
    const rows: NotificationDeliveryRecord[] = [];
    const customerFacing =
      alert.accountId !== undefined && (alert.correlatedAlertId === undefined || alert.severity === 'CRITICAL');
    if (customerFacing && this.recipients !== null && alert.accountId !== undefined) {
      const recipient = await this.recipients.recipientFor(alert.tenantId, alert.accountId);
      if (recipient !== null) {
        const message = renderNotification(alert.ruleId, alert.severity, recipient.brand);
        for (const preference of channelsFor(alert.severity, recipient.channels)) {
          const sentRecently = await this.recentCount(alert.accountId, preference.channel);
          const allowed = withinRateLimit(alert.severity, sentRecently, this.rateLimit);
          rows.push(
            this.row({
              id: deliveryId(alert._id, preference.channel, preference.address),
              tenantId: alert.tenantId,
              alertId: alert._id,
              accountId: alert.accountId,
              purpose: 'alert',
              channel: preference.channel,
              address: preference.address,
              severity: alert.severity,
              message,
              skipped: allowed
                ? undefined
                : `rate limit: ${this.rateLimit.maxPerWindow} per ${this.rateLimit.windowMinutes} min on this channel`,
            }),
          );
        }
      }
    }
    rows.push(...(await this.webhookRows(alert.tenantId, alert.severity, alert.ruleId, alert._id, webhookPayload(alert))));
    await this.insert(rows, false);
  }

  /** sendTestAlert: the test template to the tenant's webhooks and, when given, one account's channels. */
  async enqueueTest(tenantId: string, accountId: string | undefined, requestedBy: string): Promise<NotificationDeliveryRecord[]> {
    const testId = randomUUID();
    const rows: NotificationDeliveryRecord[] = [];
    if (accountId !== undefined && this.recipients !== null) {
      const recipient = await this.recipients.recipientFor(tenantId, accountId);
      const message = renderNotification('test', 'LOW', recipient?.brand ?? tenantId);
      // A test reaches every registered channel: the point is to check them all, opt-outs included.
      for (const preference of recipient?.channels ?? []) {
        rows.push(
          this.row({
            id: deliveryId(testId, preference.channel, preference.address),
            tenantId,
            accountId,
            purpose: 'test',
            channel: preference.channel,
            address: preference.address,
            severity: 'LOW',
            message,
          }),
        );
      }
    }
    const payload = JSON.stringify({ type: 'alert.test', tenantId, requestedBy, sentAt: new Date().toISOString() });
    rows.push(...(await this.webhookRows(tenantId, 'LOW', 'test', testId, payload)));
    await this.insert(rows);
    this.kick();
    return rows;
  }

  /** Fans out due jobs, then sends every due delivery once (one claim at a time); returns the attempts made. */
  async drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const job = await this.claimJob();
      if (job === null) break;
      attempts += 1;
      await this.runJob(job);
    }
    for (;;) {
      const claimed = await this.claim();
      if (claimed === null) return attempts;
      attempts += 1;
      await this.attempt(claimed);
    }
  }

  private async claimJob(): Promise<NotificationJobRecord | null> {
    const now = new Date();
    return this.jobs
      .findOneAndUpdate(
        { status: 'QUEUED', nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        { $set: { leaseUntil: new Date(now.getTime() + this.leaseMs) }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<NotificationJobRecord>();
  }

  private async runJob(job: NotificationJobRecord): Promise<void> {
    try {
      await this.fanOut(reviveAlert(job.alert as unknown as PublishedAlert));
      await this.jobs.updateOne({ _id: job._id }, { $set: { status: 'DONE' }, $unset: { leaseUntil: 1, lastError: 1 } });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      const dead = isDeadLetter(job.attempts, this.maxAttempts);
      await this.jobs.updateOne(
        { _id: job._id },
        dead
          ? { $set: { status: 'FAILED', lastError: reason }, $unset: { leaseUntil: 1 } }
          : {
              $set: { lastError: reason, nextAttemptAt: new Date(Date.now() + this.delay(job.attempts)) },
              $unset: { leaseUntil: 1 },
            },
      );
      this.logger.warn(
        { alertId: job._id, attempts: job.attempts, dead, reason },
        'could not prepare the notifications of an alert',
      );
    }
  }

  /** Polls for due deliveries until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(tick, this.pollMs);
    };
    tick();
  }

  /** Drains now (coalesced with a drain already running). */
  kick(): void {
    if (this.stopped || this.draining !== undefined) return;
    this.draining = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'notification outbox drain failed'))
      .finally(() => {
        this.draining = undefined;
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.draining;
  }

  private async claim(): Promise<NotificationDeliveryRecord | null> {
    const now = new Date();
    return this.deliveries
      .findOneAndUpdate(
        { status: 'QUEUED', nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        { $set: { leaseUntil: new Date(now.getTime() + this.leaseMs) }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<NotificationDeliveryRecord>();
  }

  private async attempt(delivery: NotificationDeliveryRecord): Promise<void> {
    const adapter = this.adapters.get(delivery.channel);
    try {
      if (adapter === undefined) throw new Error(`no ${delivery.channel} provider is configured`);
      const result = await adapter.send(delivery);
      const now = new Date();
      await this.deliveries.updateOne(
        { _id: delivery._id },
        {
          $set: {
            status: result.delivered ? 'DELIVERED' : 'SENT',
            sentAt: now,
            ...(result.delivered ? { deliveredAt: now } : {}),
            providerMessageId: result.providerMessageId,
          },
          $unset: { leaseUntil: 1, lastError: 1 },
        },
      );
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      const dead = isDeadLetter(delivery.attempts, this.maxAttempts);
      await this.deliveries.updateOne(
        { _id: delivery._id },
        dead
          ? { $set: { status: 'FAILED', failedAt: new Date(), lastError: reason }, $unset: { leaseUntil: 1 } }
          : {
              $set: { lastError: reason, nextAttemptAt: new Date(Date.now() + this.delay(delivery.attempts)) },
              $unset: { leaseUntil: 1 },
            },
      );
      // No address in the log line: it is PII.
      this.logger.warn(
        { deliveryId: delivery._id, channel: delivery.channel, attempts: delivery.attempts, dead, reason },
        'notification delivery failed',
      );
    }
  }

  private async recentCount(accountId: string, channel: Channel): Promise<number> {
    return this.deliveries.countDocuments({
      accountId,
      channel,
      purpose: 'alert',
      status: { $ne: 'SKIPPED' },
      createdAt: { $gte: new Date(Date.now() - this.rateLimit.windowMinutes * 60_000) },
    });
  }

  private async webhookRows(
    tenantId: string,
    severity: Severity,
    kind: RuleId | 'test',
    sourceId: string,
    payload: string,
  ): Promise<NotificationDeliveryRecord[]> {
    const endpoints = await this.webhooks.find({ tenantId, active: true }).lean();
    const message = renderNotification(kind, severity, tenantId);
    return endpoints.map((endpoint) => ({
      ...this.row({
        id: deliveryId(sourceId, 'WEBHOOK', endpoint._id),
        tenantId,
        alertId: kind === 'test' ? undefined : sourceId,
        purpose: kind === 'test' ? 'test' : 'alert',
        channel: 'WEBHOOK',
        address: endpoint.url,
        severity,
        message,
      }),
      webhookId: endpoint._id,
      payload,
    }));
  }

  private row(input: {
    id: string;
    tenantId: string;
    alertId?: string;
    accountId?: string;
    purpose: 'alert' | 'test';
    channel: Channel;
    address: string;
    severity: Severity;
    message: { subject: string; text: string; short: string };
    skipped?: string;
  }): NotificationDeliveryRecord {
    const now = new Date();
    return {
      _id: input.id,
      tenantId: input.tenantId,
      alertId: input.alertId,
      accountId: input.accountId,
      purpose: input.purpose,
      channel: input.channel,
      address: input.address,
      severity: input.severity,
      subject: input.message.subject,
      text: input.message.text,
      short: input.message.short,
      status: input.skipped ? 'SKIPPED' : 'QUEUED',
      attempts: 0,
      nextAttemptAt: now,
      lastError: input.skipped,
      createdAt: now,
    };
  }

  private async insert(rows: NotificationDeliveryRecord[], kick = true): Promise<void> {
    if (rows.length === 0) return;
    try {
      // Unordered: on redelivery, rows already there fail with duplicate keys and the new ones still land.
      await this.deliveries.insertMany(rows, { ordered: false });
    } catch (error) {
      const code = (error as { code?: number }).code;
      const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors ?? [];
      const onlyDuplicates =
        code === 11000 || (writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000));
      if (!onlyDuplicates) throw error;
    }
    if (kick) this.kick();
  }
}

/** What client systems receive: the alert without evidence event ids or reason values beyond the explanation. */
function webhookPayload(alert: AlertRecord): string {
  return JSON.stringify({
    type: 'alert.raised',
    alertId: alert._id,
    tenantId: alert.tenantId,
    accountId: alert.accountId ?? null,
    rule: alert.ruleId,
    severity: alert.severity,
    status: alert.status,
    explanation: alert.reasons.explanation,
    detectedAt: alert.detectedAt.toISOString(),
    raisedAt: alert.raisedAt.toISOString(),
  });
}
