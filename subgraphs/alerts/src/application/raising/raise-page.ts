import type { Detection } from '../../domain/finding.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertAnnouncer } from '../ports.js';
import { AlertFolds, type JoinedAlert } from './alert-folds.js';
import { PageClaims } from './page-claims.js';
import { PageReads, type PageReadModels } from './page-reads.js';
import type { SuppressionWindows } from './suppression-window.js';

/** What raising one detection came to (see AlertRaiser.raise). */
export type RaiseOutcome =
  | {
      readonly kind: 'raised';
      readonly alert: AlertRecord;
      /** Stored by this call (not a redelivery). */ readonly fresh: boolean;
    }
  | {
      readonly kind: 'suppressed';
      readonly alertId: string;
      /** The alert joined, as it stands after the join; without its lists when the page joined it (ADR 163). */
      readonly alert: JoinedAlert | null;
    };

/** A detection raised alone, and the window its own alert holds afterwards (none when another alert holds it). */
export interface AloneRaise {
  readonly outcome: RaiseOutcome;
  readonly window?: { readonly alertId: string; readonly until: Date };
}

export interface PageRaiseSteps extends PageReadModels {
  readonly announcer: AlertAnnouncer;
  readonly windows: SuppressionWindows;
  /** The detection's alert id (derived from its key and triggering event). */
  alertIdFor(detection: Detection): string;
  /** Raises one detection on its own, reading what it needs (the path every detection took before ADR 114). */
  alone(detection: Detection): Promise<AloneRaise>;
  /** Announces a stored alert to the live walls (at once, before the page goes on). */
  announce(alert: AlertRecord): Promise<void>;
  /** Marks announced alerts published and queues their notifications (the page's new alerts together). */
  settle(alerts: readonly AlertRecord[]): Promise<void>;
  /** After the page's new alerts were announced, before its joins are written (ADR 154: the walls' delivery first). */
  beforeJoins?(): Promise<void>;
  now(): Date;
}

/**
 * One tenant's page of detections, in order (ADR 114). A detection whose window is free claims it for a new alert;
 * the page's claims and new alerts are written together (ADR 116; the claims' windows beside the page's second round
 * of reads, ADR 154), then announced in order (walls first;
 * `publishedAt` and the notification jobs of the page's new alerts are written together after the loop). One that
 * falls in a window an open (or newly claimed) alert holds is folded into that alert's join, written for the whole
 * page after the loop; anything else is raised alone, after the claims before it were written. A later detection of
 * the page sees the windows and alerts an earlier one made. Outcomes in the detections' order.
 */
export async function raisePage(
  steps: PageRaiseSteps,
  tenantId: string,
  detections: readonly Detection[],
): Promise<RaiseOutcome[]> {
  const page = await PageReads.read(steps, tenantId, detections);
  const claims = new PageClaims(page, steps.windows, steps.alerts);
  const folds = new AlertFolds();
  const outcomes: RaiseOutcome[] = [];
  const joins: { readonly index: number; readonly alertId: string }[] = [];
  const stored: AlertRecord[] = [];
  // Writes the pending claims and announces their alerts; a claim the store refused is raised alone.
  const writeClaims = async () => {
    const written = await claims.write();
    for (const { index, alert } of written.stored) {
      stored.push(alert);
      outcomes[index] = { kind: 'raised', alert, fresh: true };
      await steps.announce(alert);
    }
    for (const index of written.refused) outcomes[index] = await raiseAlone(steps, page, detections[index]!);
  };
  for (const [index, detection] of detections.entries()) {
    const alertId = steps.alertIdFor(detection);
    // Its window's holder comes with the page's second round of reads: the claims before it are written meanwhile.
    if (page.awaitsHolders(detection, alertId)) await Promise.all([claims.writeWindows(), page.ready]);
    const window = page.windowFor(detection, alertId);
    if (window.kind === 'held') {
      folds.add(window.alert, detection, page.evidenceFor(detection));
      joins.push({ index, alertId: window.alert._id });
    } else if (window.kind === 'free') {
      claims.add(index, detection, alertId, steps.now());
    } else {
      // Raised alone reads the store: what the page claimed before it must be there.
      await writeClaims();
      await page.ready;
      outcomes[index] = await raiseAlone(steps, page, detection);
    }
  }
  await writeClaims();
  await page.ready;
  await steps.settle(stored);
  if (folds.size > 0) await steps.beforeJoins?.();
  const joined = await folds.apply(steps.alerts, steps.announcer);
  for (const { index, alertId } of joins) {
    const alert = joined.get(alertId) ?? null;
    // Closed (or gone, or never stored: its claim was refused) since the page read it: raised afresh, reading anew.
    outcomes[index] = alert === null ? await raiseAlone(steps, page, detections[index]!) : { kind: 'suppressed', alertId, alert };
  }
  return outcomes;
}

/** Raised alone, reading afresh; the page then knows the window when the detection's own alert holds it. */
async function raiseAlone(steps: PageRaiseSteps, page: PageReads, detection: Detection): Promise<RaiseOutcome> {
  const { outcome, window } = await steps.alone(detection);
  if (outcome.kind === 'raised' && window !== undefined && window.alertId === outcome.alert._id)
    page.claimed(detection, outcome.alert, window.until);
  else page.forget(detection);
  if (outcome.kind === 'raised' && outcome.fresh) page.stored(outcome.alert);
  return outcome;
}
