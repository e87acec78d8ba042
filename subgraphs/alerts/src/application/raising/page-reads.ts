import type { Detection } from '../../domain/finding.js';
import { alertCollection, type AlertModel, type AlertRecord, type EvidenceRefRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertSuppressionModel, AlertSuppressionRecord } from '../../adapters/mongo/alert-suppression.model.js';
import { driverCollection } from '../../adapters/mongo/driver-collection.js';
import { OPEN_STATUSES } from './alert-growth.js';
import { readSecondRound, type HeldAlert, type OpenAlert } from './page-second-round.js';

export type { HeldAlert } from './page-second-round.js';

/** Chain position and hash of evidence events, from the rule state (what the activity chain published). */
export type EvidenceLookup = (tenantId: string, eventIds: readonly string[]) => Promise<EvidenceRefRecord[]>;

export interface PageReadModels {
  readonly alerts: AlertModel;
  readonly suppressions: AlertSuppressionModel;
  readonly evidenceOf: EvidenceLookup;
}

/**
 * What every detection of one tenant's page would read on its own, read once for the page (ADR 114): the cited
 * evidence, the suppression windows of the page's keys, the alerts holding them, and the open alert of each
 * account that may get a new alert (correlation). Kept up to date by the page as it stores alerts and claims
 * windows, so a later detection of the page sees what an earlier one did.
 *
 * It is a snapshot: another instance can change a window or close an alert after it was read. Every write made
 * from it is still guarded by the store (a window insert fails on a duplicate key, a join only updates an alert
 * that is open), and what fails a guard is raised again alone, reading afresh.
 */
export class PageReads {
  /** Keys whose state is no longer known here (raised alone); their later detections are raised alone too. */
  private readonly unknown = new Set<string>();
  private readonly held = new Map<string, HeldAlert>();
  private readonly correlation = new Map<string, string>();
  private holdersRead = false;
  /**
   * The second round of reads (the windows' holders, the accounts' open alerts), started as soon as the first is
   * answered but awaited only by what needs it (ADR 154): a page's new claims are written meanwhile.
   */
  readonly ready: Promise<void>;

  private constructor(
    private readonly evidence: Map<string, EvidenceRefRecord>,
    private readonly windows: Map<string, AlertSuppressionRecord>,
    second: Promise<[HeldAlert[], OpenAlert[]]>,
  ) {
    this.ready = second.then(([held, open]) => {
      // What the page itself wrote meanwhile (its claims' alerts) stays as the page knows it.
      for (const alert of held) if (!this.held.has(alert._id)) this.held.set(alert._id, alert);
      // The account's earliest open alert is the root (as a detection raised alone reads it).
      for (const alert of open) {
        if (alert.accountId !== undefined && !this.correlation.has(alert.accountId))
          this.correlation.set(alert.accountId, alert.correlatedAlertId ?? alert._id);
      }
      this.holdersRead = true;
    });
    // Awaited by the page before it ends; a failure meanwhile is reported there.
    this.ready.catch(() => undefined);
  }

  /** Two rounds of reads for the whole page: evidence and windows, then the holders and the accounts' open alerts. */
  static async read(models: PageReadModels, tenantId: string, detections: readonly Detection[]): Promise<PageReads> {
    const evidenceIds = unique(detections.flatMap((detection) => detection.reasons.evidenceEventIds));
    const keys = unique(detections.filter((detection) => detection.suppressionMinutes > 0).map((d) => d.suppressionKey));
    const [evidence, windows] = await Promise.all([
      models.evidenceOf(tenantId, evidenceIds),
      keys.length === 0
        ? []
        : driverCollection<AlertSuppressionRecord>(models.suppressions)
            .find({ _id: { $in: keys } })
            .toArray(),
    ]);
    const windowByKey = new Map(windows.map((window) => [window._id, window]));
    // Only a detection whose window is free or ended can store a new alert, and only that needs correlation.
    const mayStore = detections.filter((detection) => {
      const window = windowByKey.get(detection.suppressionKey);
      return window === undefined || window.until <= detection.detectedAt;
    });
    const accounts = unique(mayStore.flatMap((detection) => (detection.accountId === undefined ? [] : [detection.accountId])));
    // The holders and the open alerts in one read (ADR 162), the driver's (ADR 157): values as stored, nothing to cast.
    const holderIds = unique(windows.map((window) => window.alertId));
    const second = readSecondRound(alertCollection(models.alerts), tenantId, holderIds, accounts);
    return new PageReads(new Map(evidence.map((ref) => [ref.eventId, ref])), windowByKey, second);
  }

  /** Whether `windowFor` needs the second round of reads: the detection's window is held by an alert not read yet. */
  awaitsHolders(detection: Detection, alertId: string): boolean {
    if (this.holdersRead || detection.suppressionMinutes <= 0 || this.unknown.has(detection.suppressionKey)) return false;
    const window = this.windows.get(detection.suppressionKey);
    return window !== undefined && window.alertId !== alertId && !this.held.has(window.alertId);
  }

  /** The detection's evidence, in its order; an event the lookup did not know is cited without a position. */
  evidenceFor(detection: Detection): EvidenceRefRecord[] {
    return detection.reasons.evidenceEventIds.map((eventId) => this.evidence.get(eventId) ?? { eventId });
  }

  /** The root of the open alerts on the detection's account, or null. Only once `ready`. */
  correlatedAlertId(detection: Detection): string | null {
    this.assertReady();
    return detection.accountId === undefined ? null : (this.correlation.get(detection.accountId) ?? null);
  }

  /**
   * What the page knows of the detection's window: `free` (no window: claim it), `held` (an open alert holds it
   * and the detection falls inside: join it), or `alone` (anything else — no window kept, our own alert, an alert
   * not stored yet or closed, an ended window: the detection is raised alone, as before ADR 114).
   */
  windowFor(detection: Detection, alertId: string): { kind: 'free' } | { kind: 'held'; alert: HeldAlert } | { kind: 'alone' } {
    if (detection.suppressionMinutes <= 0 || this.unknown.has(detection.suppressionKey)) return { kind: 'alone' };
    const window = this.windows.get(detection.suppressionKey);
    if (window === undefined) return { kind: 'free' };
    const alert = this.held.get(window.alertId);
    if (window.alertId === alertId || alert === undefined || !OPEN_STATUSES.includes(alert.status)) return { kind: 'alone' };
    return window.until > detection.detectedAt ? { kind: 'held', alert } : { kind: 'alone' };
  }

  /** A window the detection's own alert holds now (claimed by the page, or by the detection raised alone). */
  claimed(detection: Detection, alert: AlertRecord, until: Date): void {
    this.holds(detection, alert, until);
    this.stored(alert);
  }

  /** The detection's window is held by `alert` from now on: later detections of the page falling in it join it. */
  holds(detection: Detection, alert: HeldAlert, until: Date): void {
    this.unknown.delete(detection.suppressionKey);
    this.windows.set(detection.suppressionKey, { _id: detection.suppressionKey, alertId: alert._id, until });
    this.held.set(alert._id, alert);
  }

  /** A new alert stored during the page: the root of its account's open alerts when it is the first. */
  stored(alert: AlertRecord): void {
    this.assertReady();
    if (alert.mode === 'ALERT' && alert.accountId !== undefined && !this.correlation.has(alert.accountId))
      this.correlation.set(alert.accountId, alert.correlatedAlertId ?? alert._id);
  }

  /** The key was raised alone: what it holds now is not known here. */
  forget(detection: Detection): void {
    this.unknown.add(detection.suppressionKey);
  }

  /** Correlation is read in the second round: an alert stored before it was answered would be rooted wrongly. */
  private assertReady(): void {
    if (!this.holdersRead) throw new Error('the page read its accounts’ open alerts only partly');
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
