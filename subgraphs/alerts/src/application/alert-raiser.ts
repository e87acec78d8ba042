import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Detection } from '../domain/finding.js';
import type { AlertModel, AlertRecord, EvidenceRefRecord } from '../adapters/mongo/alert.model.js';
import type { AlertSuppressionModel } from '../adapters/mongo/alert-suppression.model.js';
import type { AlertAnnouncer } from './ports.js';
import { AlertGrowth } from './raising/alert-growth.js';
import { storeAlert, storeContext } from './raising/new-alert.js';
import { SuppressionWindows } from './raising/suppression-window.js';

/** Called once per stored ALERT-mode alert after it was announced (the notification outbox); retried on redelivery. */
export type RaisedAlertHook = (alert: AlertRecord) => Promise<void>;

/** Chain position and hash of evidence events, from the rule state (what the activity chain published). */
export type EvidenceLookup = (tenantId: string, eventIds: readonly string[]) => Promise<EvidenceRefRecord[]>;

export type RaiseOutcome =
  | {
      readonly kind: 'raised';
      readonly alert: AlertRecord;
      /** Stored by this call (not a redelivery). */ readonly fresh: boolean;
    }
  | { readonly kind: 'suppressed'; readonly alertId: string; readonly alert: AlertRecord | null };

/**
 * Turns a detection into at most one stored alert per rule + key + suppression window:
 * - the alert id is derived from the suppression key and the triggering event, so a redelivered event
 *   maps to the same id and its insert is a no-op;
 * - the window is claimed in `alert_suppressions` (raising/suppression-window.ts), so two instances processing
 *   the same burst raise one alert; later detections in the window join it while it is open
 *   (raising/alert-growth.ts) instead of flooding. Once the analyst closed it, new activity raises a new alert
 *   linked to the closed one (`previousAlertId`);
 * - the alert is stored before it is announced, and announced until `publishedAt` is set (at least once);
 *   then notifications are queued until `notificationsQueuedAt` is set. Live walls come first: a slow or
 *   failing recipient lookup delays customer messages (retried), never the wall.
 */
export class AlertRaiser {
  private readonly windows: SuppressionWindows;
  private readonly growth: AlertGrowth;

  constructor(
    private readonly alerts: AlertModel,
    suppressions: AlertSuppressionModel,
    private readonly announcer: AlertAnnouncer,
    private readonly onRaised: RaisedAlertHook,
    private readonly evidenceOf: EvidenceLookup,
    logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.windows = new SuppressionWindows(alerts, suppressions);
    this.growth = new AlertGrowth(alerts, announcer, logger);
  }

  async raise(detection: Detection): Promise<RaiseOutcome> {
    const alertId = alertIdFor(detection);
    // The claim and what storing needs are independent reads: at once, so the alert reaches the walls one
    // round trip after the claim (ADR 102). A suppressed detection only wastes two small reads.
    const evidence = this.evidenceOf(detection.tenantId, detection.reasons.evidenceEventIds);
    const context = storeContext(this.alerts, detection, evidence);
    // Both are awaited below unless the claim fails first (then its error is the one reported).
    evidence.catch(() => undefined);
    context.catch(() => undefined);
    const claim = await this.windows.claim(detection, alertId);
    if (claim.holder !== alertId) {
      return {
        kind: 'suppressed',
        alertId: claim.holder,
        alert: await this.growth.join(claim.holder, detection, await evidence),
      };
    }
    const stored = await storeAlert(this.alerts, alertId, detection, await context, this.now(), claim.previousAlertId);
    // The same event judged again with more history (events shipped late): its alert gathers what it adds.
    const alert = stored.fresh ? stored.alert : ((await this.growth.join(alertId, detection, await evidence)) ?? stored.alert);
    if (alert.mode === 'ALERT' && alert.publishedAt == null) {
      await this.announcer.raised(alert);
      await this.alerts.updateOne({ _id: alert._id }, { $set: { publishedAt: this.now() } });
    }
    if (alert.mode === 'ALERT' && alert.notificationsQueuedAt == null) {
      await this.onRaised(alert);
      await this.alerts.updateOne({ _id: alert._id }, { $set: { notificationsQueuedAt: this.now() } });
    }
    return { kind: 'raised', alert, fresh: stored.fresh };
  }
}

/** Deterministic: the same detection (rule, key, triggering event) always yields the same id. */
export function alertIdFor(detection: Detection): string {
  return createHash('sha256').update(`${detection.suppressionKey}\u0000${detection.triggerEventId}`).digest('hex').slice(0, 24);
}
