import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Detection } from '../domain/finding.js';
import type { AlertModel, AlertRecord } from '../models/alert.model.js';
import type { AlertSuppressionModel } from '../models/alert-suppression.model.js';
import type { AlertAnnouncer } from './alert-events.js';
import { isDuplicateKey } from './mongo-detection-history.js';

/** Called once per stored ALERT-mode alert after it was announced (the notification outbox); retried on redelivery. */
export type RaisedAlertHook = (alert: AlertRecord) => Promise<void>;

export type RaiseOutcome =
  { readonly kind: 'raised'; readonly alert: AlertRecord } | { readonly kind: 'suppressed'; readonly alertId: string };

/**
 * Turns a detection into at most one stored alert per rule + key + suppression window:
 * - the alert id is derived from the suppression key and the triggering event, so a redelivered event
 *   maps to the same id and its insert is a no-op;
 * - the window is claimed in `alert_suppressions` with insert / compare-and-set, so two instances
 *   processing the same burst raise one alert; later detections in the window join it (occurrences,
 *   evidence) instead of flooding;
 * - the alert is stored before it is announced, and announced until `publishedAt` is set (at least once);
 *   then notifications are queued until `notificationsQueuedAt` is set. Live walls come first: a slow or
 *   failing recipient lookup delays customer messages (retried), never the wall.
 */
export class AlertRaiser {
  constructor(
    private readonly alerts: AlertModel,
    private readonly suppressions: AlertSuppressionModel,
    private readonly announcer: AlertAnnouncer,
    private readonly onRaised: RaisedAlertHook,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async raise(detection: Detection): Promise<RaiseOutcome> {
    const alertId = alertIdFor(detection);
    const holder = await this.claimWindow(detection, alertId);
    if (holder !== alertId) {
      await this.join(holder, detection);
      return { kind: 'suppressed', alertId: holder };
    }
    const alert = await this.store(alertId, detection);
    if (alert.mode === 'ALERT' && alert.publishedAt == null) {
      await this.announcer.raised(alert);
      await this.alerts.updateOne({ _id: alert._id }, { $set: { publishedAt: this.now() } });
    }
    if (alert.mode === 'ALERT' && alert.notificationsQueuedAt == null) {
      await this.onRaised(alert);
      await this.alerts.updateOne({ _id: alert._id }, { $set: { notificationsQueuedAt: this.now() } });
    }
    return { kind: 'raised', alert };
  }

  /** Returns the id of the alert holding the window: ours when we claimed it (or had claimed it before). */
  private async claimWindow(detection: Detection, alertId: string): Promise<string> {
    if (detection.suppressionMinutes <= 0) return alertId;
    const until = new Date(detection.detectedAt.getTime() + detection.suppressionMinutes * 60_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.suppressions.findById(detection.suppressionKey).lean();
      if (current === null) {
        try {
          await this.suppressions.create([{ _id: detection.suppressionKey, alertId, until }]);
          return alertId;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue; // another instance claimed it first: read who holds it
        }
      }
      if (current.alertId === alertId || current.until > detection.detectedAt) return current.alertId;
      // The previous window ended: take it over, unless someone else just did (compare-and-set on `until`).
      const taken = await this.suppressions.updateOne(
        { _id: detection.suppressionKey, until: current.until },
        { $set: { alertId, until } },
      );
      if (taken.modifiedCount === 1) return alertId;
    }
    throw new Error(`could not claim suppression window ${detection.suppressionKey}`);
  }

  private async join(alertId: string, detection: Detection): Promise<void> {
    await this.alerts.updateOne(
      { _id: alertId },
      {
        $addToSet: {
          triggerEventIds: detection.triggerEventId,
          'reasons.evidenceEventIds': { $each: [...detection.reasons.evidenceEventIds] },
        },
        $max: { lastSeenAt: detection.detectedAt },
      },
    );
    this.logger.debug({ alertId, ruleId: detection.ruleId }, 'detection joined the open alert (suppressed)');
  }

  private async store(alertId: string, detection: Detection): Promise<AlertRecord> {
    const existing = await this.alerts.findById(alertId).lean<AlertRecord>();
    if (existing !== null) return existing;
    const correlated = detection.accountId === undefined ? null : await this.openAlertOnAccount(detection);
    const record: AlertRecord = {
      _id: alertId,
      tenantId: detection.tenantId,
      ruleId: detection.ruleId,
      ruleName: detection.reasons.ruleName,
      severity: detection.severity,
      status: 'OPEN',
      mode: detection.mode,
      accountId: detection.accountId,
      relatedAccountIds: [...detection.relatedAccountIds],
      groupKey: detection.groupKey,
      suppressionKey: detection.suppressionKey,
      detectedAt: detection.detectedAt,
      raisedAt: this.now(),
      lastSeenAt: detection.detectedAt,
      triggerEventIds: [detection.triggerEventId],
      reasons: {
        thresholds: { ...detection.reasons.thresholds },
        values: { ...detection.reasons.values },
        evidenceEventIds: [...detection.reasons.evidenceEventIds],
        explanation: detection.reasons.explanation,
      },
      correlatedAlertId: correlated ?? undefined,
      history: [],
    };
    try {
      await this.alerts.create([record]);
      return record;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.alerts.findById(alertId).lean<AlertRecord>()) ?? record;
    }
  }

  /** The root of the open alerts on this account, so analysts see one incident rather than a flood. */
  private async openAlertOnAccount(detection: Detection): Promise<string | null> {
    const open = await this.alerts
      .findOne({
        tenantId: detection.tenantId,
        accountId: detection.accountId,
        status: { $in: ['OPEN', 'ACKNOWLEDGED'] },
        mode: 'ALERT',
      })
      .sort({ raisedAt: 1 })
      .lean<AlertRecord>();
    if (open === null) return null;
    return open.correlatedAlertId ?? open._id;
  }
}

/** Deterministic: the same detection (rule, key, triggering event) always yields the same id. */
export function alertIdFor(detection: Detection): string {
  return createHash('sha256').update(`${detection.suppressionKey}\u0000${detection.triggerEventId}`).digest('hex').slice(0, 24);
}
