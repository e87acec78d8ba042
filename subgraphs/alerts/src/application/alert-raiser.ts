import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Detection } from '../domain/finding.js';
import type { AlertModel, AlertRecord } from '../adapters/mongo/alert.model.js';
import type { AlertSuppressionModel } from '../adapters/mongo/alert-suppression.model.js';
import type { AlertAnnouncer } from './ports.js';
import { AlertGrowth } from './raising/alert-growth.js';
import { storeAlert, storeContext } from './raising/new-alert.js';
import type { EvidenceLookup } from './raising/page-reads.js';
import { raisePage, type AloneRaise, type PageRaiseSteps, type RaiseOutcome } from './raising/raise-page.js';
import { SuppressionWindows } from './raising/suppression-window.js';

export type { RaiseOutcome } from './raising/raise-page.js';

/** Called for stored ALERT-mode alerts after they were announced (the notification outbox); retried on redelivery. */
export type RaisedAlertHook = (alerts: readonly AlertRecord[]) => Promise<void>;

export type { EvidenceLookup } from './raising/page-reads.js';

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
  private readonly pageSteps: PageRaiseSteps;

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
    this.pageSteps = {
      alerts,
      suppressions,
      evidenceOf,
      announcer,
      windows: this.windows,
      alertIdFor,
      alone: (detection) => this.raiseAlone(detection),
      announce: (alert) => this.announce(alert),
      settle: (alerts) => this.settle(alerts),
      now,
    };
  }

  /**
   * A page of detections (ADR 114): what each would read alone is read once per tenant, and the joins to open
   * alerts are written once per alert. Same alerts, windows and announcements as raising them one by one, in
   * order; walls hear about a growing alert at most once per page. Outcomes in the detections' order.
   */
  async raiseAll(detections: readonly Detection[]): Promise<RaiseOutcome[]> {
    const { outcomes, unsettled } = await this.announceAll(detections);
    await this.settle(unsettled);
    return outcomes;
  }

  /**
   * `raiseAll` up to the announcements: the alerts are stored and announced, and `unsettled` lists those whose
   * `publishedAt` and notifications the caller must still `settle` (ADR 154: the detection consumer lets the walls'
   * delivery go first, and its page is not done — its offset not moved — until they are settled).
   */
  async announceAll(
    detections: readonly Detection[],
    /** Called with the alerts to settle so far once they are announced, before the page's joins are written. */
    beforeJoins?: (unsettled: readonly AlertRecord[]) => Promise<void>,
  ): Promise<{ outcomes: RaiseOutcome[]; unsettled: AlertRecord[] }> {
    const unsettled: AlertRecord[] = [];
    if (detections.length === 1) return { outcomes: [(await this.raiseAlone(detections[0]!, unsettled)).outcome], unsettled };
    const steps: PageRaiseSteps = {
      ...this.pageSteps,
      alone: (detection) => this.raiseAlone(detection, unsettled),
      settle: async (alerts) => void unsettled.push(...alerts),
      beforeJoins: async () => beforeJoins?.(unsettled),
    };
    const outcomes: RaiseOutcome[] = [];
    const byTenant = new Map<string, number[]>();
    detections.forEach((detection, index) => {
      const indexes = byTenant.get(detection.tenantId);
      if (indexes === undefined) byTenant.set(detection.tenantId, [index]);
      else indexes.push(index);
    });
    for (const [tenantId, indexes] of byTenant) {
      const raised = await raisePage(
        steps,
        tenantId,
        indexes.map((index) => detections[index]!),
      );
      indexes.forEach((index, position) => (outcomes[index] = raised[position]!));
    }
    return { outcomes, unsettled };
  }

  async raise(detection: Detection): Promise<RaiseOutcome> {
    return (await this.raiseAlone(detection)).outcome;
  }

  /**
   * `raise`, and the window the detection's own alert holds after it (for a page raising it among others). With
   * `unsettled`, the stored alert is added to it instead of settled here.
   */
  private async raiseAlone(detection: Detection, unsettled?: AlertRecord[]): Promise<AloneRaise> {
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
      const joined = await this.growth.join(claim.holder, detection, await evidence);
      return { outcome: { kind: 'suppressed', alertId: claim.holder, alert: joined } };
    }
    const stored = await storeAlert(this.alerts, alertId, detection, await context, this.now(), claim.previousAlertId);
    // The same event judged again with more history (events shipped late): its alert gathers what it adds.
    const alert = stored.fresh ? stored.alert : ((await this.growth.join(alertId, detection, await evidence)) ?? stored.alert);
    await this.announce(alert);
    if (unsettled === undefined) await this.settle([alert]);
    else unsettled.push(alert);
    const outcome: RaiseOutcome = { kind: 'raised', alert, fresh: stored.fresh };
    return { outcome, window: claim.until === undefined ? undefined : { alertId, until: claim.until } };
  }

  /** Live walls first: a stored alert is announced until `publishedAt` is set (at least once). */
  private async announce(alert: AlertRecord): Promise<void> {
    if (alert.mode === 'ALERT' && alert.publishedAt == null) await this.announcer.raised(alert);
  }

  /**
   * After `announce`: `publishedAt` set, then the notifications queued until `notificationsQueuedAt` is set (each at
   * least once: a crash in between announces or queues again on redelivery). One write of each kind for the alerts.
   */
  async settle(alerts: readonly AlertRecord[]): Promise<void> {
    const live = [...new Map(alerts.map((alert) => [alert._id, alert])).values()].filter((alert) => alert.mode === 'ALERT');
    await this.stamp(
      live.filter((alert) => alert.publishedAt == null),
      'publishedAt',
    );
    const unqueued = live.filter((alert) => alert.notificationsQueuedAt == null);
    if (unqueued.length > 0) await this.onRaised(unqueued);
    await this.stamp(unqueued, 'notificationsQueuedAt');
  }

  private async stamp(alerts: readonly AlertRecord[], field: 'publishedAt' | 'notificationsQueuedAt'): Promise<void> {
    if (alerts.length === 0) return;
    const ids = alerts.map((alert) => alert._id);
    await this.alerts.updateMany({ _id: ids.length === 1 ? ids[0] : { $in: ids } }, { $set: { [field]: this.now() } });
  }
}

/** Deterministic: the same detection (rule, key, triggering event) always yields the same id. */
export function alertIdFor(detection: Detection): string {
  return createHash('sha256').update(`${detection.suppressionKey}\u0000${detection.triggerEventId}`).digest('hex').slice(0, 24);
}
