import type { Detection } from '../../domain/finding.js';
import type { AlertModel, AlertRecord } from '../../adapters/mongo/alert.model.js';
import { newAlertRecord, storeAlerts } from './new-alert.js';
import type { PageReads } from './page-reads.js';
import { windowEnd, type SuppressionWindows } from './suppression-window.js';

/** A free window the page claims for a new alert, not written yet. */
interface PendingClaim {
  /** The detection's place in the page. */
  readonly index: number;
  readonly detection: Detection;
  /** The alert as it will be stored, but for its correlation (known only once the claims before it held). */
  readonly alert: AlertRecord;
  readonly until: Date;
}

/** What writing the pending claims came to, in the detections' order. */
export interface WrittenClaims {
  /** New alerts stored, each with its detection's place in the page. */
  readonly stored: readonly { readonly index: number; readonly alert: AlertRecord }[];
  /** Places of detections whose window or alert turned out to exist (another instance, a redelivery): raise alone. */
  readonly refused: readonly number[];
}

/**
 * The new alerts of a page (ADR 116): each detection finding its window free claims it in the page at once (a later
 * detection of the page in the same window joins the new alert), and the claims are written together — one
 * unordered insert of the windows, one of the alerts — instead of two round trips per alert. The store still
 * decides: a window another instance opened first, or an alert stored before (a redelivery), is refused by its
 * unique key, and that detection is raised alone, as before; its joins find no alert and are raised alone too.
 */
export class PageClaims {
  private pending: PendingClaim[] = [];
  /** Claims whose windows are being inserted (or were), in order, with the keys the store refused. */
  private inserted: { readonly claims: PendingClaim[]; readonly held: Promise<ReadonlySet<string>> }[] = [];

  constructor(
    private readonly page: PageReads,
    private readonly windows: SuppressionWindows,
    private readonly alerts: AlertModel,
  ) {}

  get size(): number {
    return this.pending.length + this.inserted.length;
  }

  /** Claims the detection's free window for its new alert, in the page now and in the store at `write`. */
  add(index: number, detection: Detection, alertId: string, raisedAt: Date): void {
    const until = windowEnd(detection);
    const alert = newAlertRecord(
      alertId,
      detection,
      { correlatedAlertId: null, evidence: this.page.evidenceFor(detection) },
      raisedAt,
    );
    this.page.holds(detection, alert, until);
    this.pending.push({ index, detection, alert, until });
  }

  /**
   * Starts inserting the windows of the claims so far, beside the page's second round of reads (ADR 154: only the
   * alerts' insert needs the correlation read there); resolves when they are written.
   */
  async writeWindows(): Promise<void> {
    const claims = this.pending;
    this.pending = [];
    if (claims.length === 0) return;
    const held = this.windows.insertAll(
      claims.map(({ detection, alert, until }) => ({ _id: detection.suppressionKey, alertId: alert._id, until })),
    );
    // Awaited by `write`; a failure is reported there too.
    held.catch(() => undefined);
    this.inserted.push({ claims, held });
    await held;
  }

  /** Writes the windows, then the alerts whose windows were ours, correlated in order (as one by one would). */
  async write(): Promise<WrittenClaims> {
    const windows = this.writeWindows();
    const batches = this.inserted;
    this.inserted = [];
    if (batches.length === 0) return { stored: [], refused: [] };
    await Promise.all([windows, this.page.ready]);
    const claims = batches.flatMap((batch) => batch.claims);
    const refusedKeys = await Promise.all(batches.map((batch) => batch.held));
    const held = new Set(refusedKeys.flatMap((keys) => [...keys]));
    const refused: number[] = [];
    const ours: PendingClaim[] = [];
    for (const claim of claims) {
      if (held.has(claim.detection.suppressionKey)) {
        this.page.forget(claim.detection);
        refused.push(claim.index);
        continue;
      }
      // The root of the account's open alerts, counting the page's alerts before this one (PageReads.stored).
      const correlatedAlertId = this.page.correlatedAlertId(claim.detection) ?? undefined;
      const alert = { ...claim.alert, correlatedAlertId };
      this.page.claimed(claim.detection, alert, claim.until);
      ours.push({ ...claim, alert });
    }
    const existing = await storeAlerts(
      this.alerts,
      ours.map((claim) => claim.alert),
    );
    const stored: { index: number; alert: AlertRecord }[] = [];
    for (const claim of ours) {
      if (existing.has(claim.alert._id)) refused.push(claim.index);
      else stored.push({ index: claim.index, alert: claim.alert });
    }
    return { stored, refused: refused.sort((a, b) => a - b) };
  }
}
