import { isOpen } from '../../domain/alert-lifecycle.js';
import type { Detection } from '../../domain/finding.js';
import type { AlertModel, AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertSuppressionModel, AlertSuppressionRecord } from '../../adapters/mongo/alert-suppression.model.js';
import { insertUnordered, isDuplicateKey } from '@vigil/core';
import { driverCollection } from '../../adapters/mongo/driver-collection.js';

/** Who holds a detection's suppression window. */
export interface Claim {
  readonly holder: string;
  /** The closed alert whose window this new alert takes over. */
  readonly previousAlertId?: string;
  /** Where the window ends, when the detection's own alert holds it. */
  readonly until?: Date;
}

/**
 * The suppression windows in `alert_suppressions`: claimed with insert / compare-and-set, so two instances
 * judging the same burst raise one alert, and a window whose alert was closed is taken over (ADR 080).
 */
export class SuppressionWindows {
  constructor(
    private readonly alerts: AlertModel,
    private readonly suppressions: AlertSuppressionModel,
  ) {}

  /** Who holds the window: ours when we claimed it (or had claimed it before), or the open alert to join. */
  async claim(detection: Detection, alertId: string): Promise<Claim> {
    if (detection.suppressionMinutes <= 0) return { holder: alertId };
    const until = windowEnd(detection);
    // Optimistic: most detections open a new window, so the insert comes first (one round trip, ADR 102); a
    // duplicate key means the window is held, and who holds it is read below.
    if (await this.insert(detection.suppressionKey, alertId, until)) return { holder: alertId, until };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.suppressions.findById(detection.suppressionKey).lean();
      if (current === null) {
        if (await this.insert(detection.suppressionKey, alertId, until)) return { holder: alertId, until };
        continue; // another instance claimed it first: read who holds it
      }
      if (current.alertId === alertId) return { holder: alertId, until: current.until };
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
      if (taken.modifiedCount === 1) return { holder: alertId, previousAlertId: closed ? held._id : undefined, until };
    }
    throw new Error(`could not claim suppression window ${detection.suppressionKey}`);
  }

  /** True when this call created the window; false when it exists already. The driver's insert: three typed fields (ADR 108, 157). */
  async insert(key: string, alertId: string, until: Date): Promise<boolean> {
    try {
      const window: AlertSuppressionRecord = { _id: key, alertId, until };
      await driverCollection<AlertSuppressionRecord>(this.suppressions).insertOne(window);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  }

  /** Opens several windows in one unordered insert (a page's claims, ADR 116); answers the keys already held. */
  async insertAll(windows: readonly AlertSuppressionRecord[]): Promise<ReadonlySet<string>> {
    const held = await insertUnordered(windows, (docs) =>
      driverCollection<AlertSuppressionRecord>(this.suppressions).insertMany(docs, { ordered: false }),
    );
    return new Set(held.map((window) => window._id));
  }
}

/** Where a window opened by the detection ends (event time). */
export function windowEnd(detection: Detection): Date {
  return new Date(detection.detectedAt.getTime() + detection.suppressionMinutes * 60_000);
}
