import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { isOpen, type AlertStatus } from '../domain/alert-lifecycle.js';
import type { Detection } from '../domain/finding.js';
import { severityRank } from '../domain/severity.js';
import type { AlertModel, AlertRecord, EvidenceRefRecord } from '../models/alert.model.js';
import type { AlertSuppressionModel } from '../models/alert-suppression.model.js';
import type { AlertAnnouncer } from './alert-events.js';
import { isDuplicateKey } from './mongo-detection-history.js';

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

const OPEN_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

interface Claim {
  readonly holder: string;
  /** The closed alert whose window this new alert takes over. */
  readonly previousAlertId?: string;
}

/**
 * Turns a detection into at most one stored alert per rule + key + suppression window:
 * - the alert id is derived from the suppression key and the triggering event, so a redelivered event
 *   maps to the same id and its insert is a no-op;
 * - the window is claimed in `alert_suppressions` with insert / compare-and-set, so two instances
 *   processing the same burst raise one alert; later detections in the window join it while it is open
 *   (occurrences, evidence, related accounts, larger counts) instead of flooding. Once the analyst closed
 *   it, new activity raises a new alert linked to the closed one (`previousAlertId`);
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
    private readonly evidenceOf: EvidenceLookup,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async raise(detection: Detection): Promise<RaiseOutcome> {
    const alertId = alertIdFor(detection);
    const claim = await this.claimWindow(detection, alertId);
    if (claim.holder !== alertId) {
      return { kind: 'suppressed', alertId: claim.holder, alert: await this.join(claim.holder, detection) };
    }
    const stored = await this.store(alertId, detection, claim.previousAlertId);
    // The same event judged again with more history (events shipped late): its alert gathers what it adds.
    const alert = stored.fresh ? stored.alert : ((await this.join(alertId, detection)) ?? stored.alert);
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

  /** Who holds the window: ours when we claimed it (or had claimed it before), or the open alert to join. */
  private async claimWindow(detection: Detection, alertId: string): Promise<Claim> {
    if (detection.suppressionMinutes <= 0) return { holder: alertId };
    const until = new Date(detection.detectedAt.getTime() + detection.suppressionMinutes * 60_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.suppressions.findById(detection.suppressionKey).lean();
      if (current === null) {
        try {
          await this.suppressions.create([{ _id: detection.suppressionKey, alertId, until }]);
          return { holder: alertId };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue; // another instance claimed it first: read who holds it
        }
      }
      if (current.alertId === alertId) return { holder: alertId };
      const held = await this.alerts.findById(current.alertId, { status: 1 }).lean<Pick<AlertRecord, '_id' | 'status'>>();
      // Claimed by an instance that has not stored its alert yet: join it (the join is a no-op until it exists).
      if (held === null) return { holder: current.alertId };
      const closed = !isOpen(held.status);
      // A redelivered event that already joined the (now closed) alert: nothing new happened.
      if (
        closed &&
        (await this.alerts.exists({ _id: held._id, triggerEventIds: { $all: [...detection.triggerEventIds] } })) !== null
      ) {
        return { holder: held._id };
      }
      if (!closed && current.until > detection.detectedAt) return { holder: current.alertId };
      // The window ended or its alert was closed: take it over, unless someone else just did (compare-and-set).
      const taken = await this.suppressions.updateOne(
        { _id: detection.suppressionKey, alertId: current.alertId, until: current.until },
        { $set: { alertId, until } },
      );
      if (taken.modifiedCount === 1) return { holder: alertId, previousAlertId: closed ? held._id : undefined };
    }
    throw new Error(`could not claim suppression window ${detection.suppressionKey}`);
  }

  /**
   * Folds a detection into the open alert: occurrences, evidence and related accounts grow; a larger count
   * replaces the numbers and explanation; severity only rises. Walls hear about it (`alertUpdated`) when
   * accounts are added, severity rises, or the count doubled since they last heard.
   */
  private async join(alertId: string, detection: Detection): Promise<AlertRecord | null> {
    const evidence = await this.evidenceOf(detection.tenantId, detection.reasons.evidenceEventIds);
    const before = await this.alerts
      .findOneAndUpdate(
        { _id: alertId, status: { $in: OPEN_STATUSES } },
        {
          $addToSet: {
            triggerEventIds: { $each: [...detection.triggerEventIds] },
            relatedAccountIds: { $each: [...detection.relatedAccountIds] },
            'reasons.evidenceEventIds': { $each: [...detection.reasons.evidenceEventIds] },
            evidence: { $each: evidence },
          },
          $max: { lastSeenAt: detection.detectedAt },
          $min: { detectedAt: detection.detectedAt },
        },
        { returnDocument: 'before' },
      )
      .lean<AlertRecord>();
    if (before === null) return null;
    const grewMagnitude =
      detection.magnitude > (before.magnitude ?? 1) &&
      (
        await this.alerts.updateOne(
          { _id: alertId, magnitude: { $lt: detection.magnitude } },
          {
            $set: {
              magnitude: detection.magnitude,
              'reasons.values': { ...detection.reasons.values },
              'reasons.explanation': detection.reasons.explanation,
            },
          },
        )
      ).modifiedCount === 1;
    const roseSeverity =
      severityRank(detection.severity) > severityRank(before.severity) &&
      (await this.alerts.updateOne({ _id: alertId, severity: before.severity }, { $set: { severity: detection.severity } }))
        .modifiedCount === 1;
    const newAccounts = detection.relatedAccountIds.some((accountId) => !before.relatedAccountIds.includes(accountId));
    const announced = before.announcedMagnitude ?? before.magnitude ?? 1;
    const doubled = grewMagnitude && detection.magnitude >= 2 * announced;
    const after = await this.alerts.findById(alertId).lean<AlertRecord>();
    if (after !== null && after.mode === 'ALERT' && (newAccounts || roseSeverity || doubled)) {
      await this.alerts.updateOne({ _id: alertId }, { $set: { announcedMagnitude: after.magnitude } });
      await this.announcer.grown(after);
    }
    this.logger.debug({ alertId, ruleId: detection.ruleId }, 'detection joined the open alert (suppressed)');
    return after;
  }

  private async store(
    alertId: string,
    detection: Detection,
    previousAlertId?: string,
  ): Promise<{ alert: AlertRecord; fresh: boolean }> {
    // Three reads at once (the alert is announced after they and the insert are done; ADR 100 on latency).
    const [existing, correlated, evidence] = await Promise.all([
      this.alerts.findById(alertId).lean<AlertRecord>(),
      detection.accountId === undefined ? null : this.openAlertOnAccount(detection),
      this.evidenceOf(detection.tenantId, detection.reasons.evidenceEventIds),
    ]);
    if (existing !== null) return { alert: existing, fresh: false };
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
      triggerEventIds: [...detection.triggerEventIds],
      reasons: {
        thresholds: { ...detection.reasons.thresholds },
        values: { ...detection.reasons.values },
        evidenceEventIds: [...detection.reasons.evidenceEventIds],
        explanation: detection.reasons.explanation,
      },
      evidence,
      magnitude: detection.magnitude,
      announcedMagnitude: detection.magnitude,
      correlatedAlertId: correlated ?? undefined,
      previousAlertId,
      comments: [],
      history: [],
    };
    try {
      await this.alerts.create([record]);
      return { alert: record, fresh: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return { alert: (await this.alerts.findById(alertId).lean<AlertRecord>()) ?? record, fresh: false };
    }
  }

  /** The root of the open alerts on this account, so analysts see one incident rather than a flood. */
  private async openAlertOnAccount(detection: Detection): Promise<string | null> {
    const open = await this.alerts
      .findOne({
        tenantId: detection.tenantId,
        accountId: detection.accountId,
        status: { $in: OPEN_STATUSES },
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
