import type { Detection } from '../../domain/finding.js';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertAnnouncer } from '../ports.js';
import { AlertFolds } from './alert-folds.js';
import { storeAlert } from './new-alert.js';
import { PageReads, type PageReadModels } from './page-reads.js';
import { windowEnd, type SuppressionWindows } from './suppression-window.js';

/** What raising one detection came to (see AlertRaiser.raise). */
export type RaiseOutcome =
  | {
      readonly kind: 'raised';
      readonly alert: AlertRecord;
      /** Stored by this call (not a redelivery). */ readonly fresh: boolean;
    }
  | { readonly kind: 'suppressed'; readonly alertId: string; readonly alert: AlertRecord | null };

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
  now(): Date;
}

/**
 * One tenant's page of detections, in order (ADR 114). A detection whose window is free claims it and stores its
 * alert, which is announced at once (walls first, as before; `publishedAt` and the notification jobs of the page's
 * new alerts are written together after the loop); one that falls in a window an open alert holds is folded into
 * that alert's join, written for the whole page after the loop; anything else is raised alone. A
 * later detection of the page sees the windows and alerts an earlier one made. Outcomes in the detections' order.
 */
export async function raisePage(
  steps: PageRaiseSteps,
  tenantId: string,
  detections: readonly Detection[],
): Promise<RaiseOutcome[]> {
  const page = await PageReads.read(steps, tenantId, detections);
  const folds = new AlertFolds();
  const outcomes: RaiseOutcome[] = [];
  const joins: { readonly index: number; readonly alertId: string }[] = [];
  const stored: AlertRecord[] = [];
  for (const [index, detection] of detections.entries()) {
    const alertId = steps.alertIdFor(detection);
    const window = page.windowFor(detection, alertId);
    if (window.kind === 'held') {
      folds.add(window.alert, detection, page.evidenceFor(detection));
      joins.push({ index, alertId: window.alert._id });
      continue;
    }
    if (window.kind === 'free') {
      const alert = await storeInFreeWindow(steps, page, detection, alertId);
      if (alert !== null) {
        stored.push(alert);
        outcomes[index] = { kind: 'raised', alert, fresh: true };
        continue;
      }
    }
    outcomes[index] = await raiseAlone(steps, page, detection);
  }
  await steps.settle(stored);
  const joined = await folds.apply(steps.alerts, steps.announcer);
  for (const { index, alertId } of joins) {
    const alert = joined.get(alertId) ?? null;
    // Closed (or gone) since the page read it: what happened after the close raises afresh, reading anew.
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

/** Claims the free window, stores the new alert and announces it; null when the window or the alert turned out to exist. */
async function storeInFreeWindow(
  steps: PageRaiseSteps,
  page: PageReads,
  detection: Detection,
  alertId: string,
): Promise<AlertRecord | null> {
  const until = windowEnd(detection);
  if (!(await steps.windows.insert(detection.suppressionKey, alertId, until))) return null;
  const context = { correlatedAlertId: page.correlatedAlertId(detection), evidence: page.evidenceFor(detection) };
  const stored = await storeAlert(steps.alerts, alertId, detection, context, steps.now());
  // Stored before (a redelivery whose window had been swept): raised alone, which joins and publishes as due.
  if (!stored.fresh) return null;
  page.claimed(detection, stored.alert, until);
  await steps.announce(stored.alert);
  return stored.alert;
}
