import type { mongo } from 'mongoose';
import type { Detection } from '../../domain/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../../domain/severity.js';
import { alertCollection, type AlertModel, type AlertRecord, type EvidenceRefRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertAnnouncer } from '../ports.js';
import { OPEN_STATUSES } from './alert-growth.js';
import type { HeldAlert } from './page-reads.js';
import { addsListedAccounts, trimWrite } from './alert-bounds.js';

/** A driver write on the alerts collection (the fold bypasses mongoose's casting). */
type AlertWrite = mongo.AnyBulkWriteOperation<AlertRecord>;

/** The detections of one page joining one open alert, and what they add to it. */
interface Fold {
  readonly before: HeldAlert;
  readonly detections: Detection[];
  readonly evidence: EvidenceRefRecord[];
}

/**
 * An alert as the page's joins read it back: without its bounded lists (up to 1,000 occurrences, 200 evidence refs
 * and ids), its comments and its history. What follows a page reads only its counts, status and accounts (outcomes,
 * follow-ups); the walls get the whole alert, read again only for the few a page announces (ADR 163).
 */
export type JoinedAlert = Omit<AlertRecord, 'triggerEventIds' | 'evidence' | 'reasons' | 'comments' | 'history'>;

/** The fields the read after the joins leaves out (see `JoinedAlert`). */
const UNREAD_AFTER_JOINS = { triggerEventIds: 0, evidence: 0, reasons: 0, comments: 0, history: 0 } as const;

/** After the page's joins: each alert as stored now, or null when it was not open any more (nothing joined). */
export type FoldedAlerts = ReadonlyMap<string, JoinedAlert | null>;

/**
 * The joins of one page, folded per alert (ADR 114): what `AlertGrowth.join` writes for one detection, written
 * once for all the page's detections joining the alert — occurrences, evidence and accounts added, the earliest
 * detection time and the latest sighting kept, the largest count's numbers and explanation, the highest severity.
 * All the page's alerts in one bulk write and one read; walls hear about an alert at most once per page, by the
 * rules of a single join (accounts added, severity rose, count doubled since they last heard; ADR 080).
 */
export class AlertFolds {
  private readonly folds = new Map<string, Fold>();

  get size(): number {
    return this.folds.size;
  }

  add(before: HeldAlert, detection: Detection, evidence: EvidenceRefRecord[]): void {
    const fold = this.folds.get(before._id) ?? { before, detections: [], evidence: [] };
    fold.detections.push(detection);
    fold.evidence.push(...evidence);
    this.folds.set(before._id, fold);
  }

  /** The detections folded into an alert (for those raised again alone when it closed meanwhile). */
  detectionsOf(alertId: string): readonly Detection[] {
    return this.folds.get(alertId)?.detections ?? [];
  }

  async apply(alerts: AlertModel, announcer: AlertAnnouncer): Promise<FoldedAlerts> {
    if (this.folds.size === 0) return new Map();
    const ids = [...this.folds.keys()];
    // Straight to the driver: every value below is already what the schema stores (strings, numbers, dates, plain
    // evidence refs), and mongoose's casting of hundreds of statements per page cost more than the server's work.
    const collection = alertCollection(alerts);
    await collection.bulkWrite([...this.folds.values()].flatMap(writesOf), { ordered: true });
    const stored = (await collection.find({ _id: { $in: ids } }, { projection: UNREAD_AFTER_JOINS }).toArray()) as JoinedAlert[];
    const byId = new Map(stored.map((alert) => [alert._id, alert]));
    const after = new Map<string, JoinedAlert | null>();
    const toAnnounce: JoinedAlert[] = [];
    for (const [id, fold] of this.folds) {
      const alert = byId.get(id);
      if (alert === undefined || !OPEN_STATUSES.includes(alert.status)) {
        after.set(id, null);
        continue;
      }
      after.set(id, alert);
      if (alert.mode === 'ALERT' && worthAnnouncing(fold, alert)) toAnnounce.push(alert);
    }
    if (toAnnounce.length > 0) await announce(collection, announcer, toAnnounce);
    return after;
  }
}

/**
 * The walls hear the alerts whose growth is worth it, whole (read again before their announced count is written,
 * so they see it as the joins left it, as before ADR 163); one missing meanwhile (erased) is not announced.
 */
async function announce(
  collection: mongo.Collection<AlertRecord>,
  announcer: AlertAnnouncer,
  toAnnounce: readonly JoinedAlert[],
): Promise<void> {
  const whole = await collection.find({ _id: { $in: toAnnounce.map((alert) => alert._id) } }).toArray();
  const byId = new Map(whole.map((alert) => [alert._id, alert as AlertRecord]));
  await collection.bulkWrite(
    toAnnounce.map((alert) => ({
      updateOne: { filter: { _id: alert._id }, update: { $set: { announcedMagnitude: alert.magnitude } } },
    })),
  );
  for (const alert of toAnnounce) {
    const read = byId.get(alert._id);
    if (read !== undefined) await announcer.grown(read);
  }
}

/**
 * The fold's writes, each guarded as a single join's: nothing is written to an alert that was closed meanwhile. The
 * last trims the alert's lists to their bounds (ADR 118).
 */
function writesOf(fold: Fold): AlertWrite[] {
  const id = fold.before._id;
  const open = { $in: OPEN_STATUSES };
  const detections = fold.detections;
  const writes: AlertWrite[] = [
    {
      updateOne: {
        filter: { _id: id, status: open },
        update: {
          $addToSet: {
            triggerEventIds: { $each: unique(detections.flatMap((d) => d.triggerEventIds)) },
            relatedAccountIds: { $each: unique(detections.flatMap((d) => d.relatedAccountIds)) },
            'reasons.evidenceEventIds': { $each: unique(detections.flatMap((d) => d.reasons.evidenceEventIds)) },
            evidence: { $each: uniqueBy(fold.evidence, (ref) => `${ref.eventId}\u0000${ref.sequence}\u0000${ref.hash}`) },
          },
          $max: { lastSeenAt: new Date(Math.max(...detections.map((d) => d.detectedAt.getTime()))) },
          $min: { detectedAt: new Date(Math.min(...detections.map((d) => d.detectedAt.getTime()))) },
        },
      },
    },
  ];
  const largest = largestCount(detections);
  if (largest.magnitude > (fold.before.magnitude ?? 1)) {
    writes.push({
      updateOne: {
        filter: { _id: id, status: open, magnitude: { $lt: largest.magnitude } },
        update: {
          $set: {
            magnitude: largest.magnitude,
            'reasons.values': { ...largest.reasons.values },
            'reasons.explanation': largest.reasons.explanation,
          },
        },
      },
    });
  }
  const severity = highestSeverity(detections);
  if (severityRank(severity) > severityRank(fold.before.severity)) {
    writes.push({
      updateOne: {
        filter: { _id: id, status: open, severity: { $in: SEVERITIES.slice(0, severityRank(severity)) } },
        update: { $set: { severity } },
      },
    });
  }
  writes.push(trimWrite(id));
  return writes;
}

/** ADR 080's rules against the alert before the page: accounts added, severity rose, or the count doubled. */
function worthAnnouncing(fold: Fold, after: JoinedAlert): boolean {
  const before = fold.before;
  const newAccounts = addsListedAccounts(
    before.relatedAccountIds,
    fold.detections.flatMap((d) => d.relatedAccountIds),
  );
  const roseSeverity = severityRank(after.severity) > severityRank(before.severity);
  const grew = after.magnitude > (before.magnitude ?? 1);
  const announced = before.announcedMagnitude ?? before.magnitude ?? 1;
  return newAccounts || roseSeverity || (grew && after.magnitude >= 2 * announced);
}

/** The detection with the largest count; the first of equals (a later one with the same count replaces nothing). */
function largestCount(detections: readonly Detection[]): Detection {
  return detections.reduce((best, detection) => (detection.magnitude > best.magnitude ? detection : best));
}

function highestSeverity(detections: readonly Detection[]): Severity {
  return detections.reduce<Severity>(
    (highest, d) => (severityRank(d.severity) > severityRank(highest) ? d.severity : highest),
    detections[0]!.severity,
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  return [...new Map(values.map((value) => [key(value), value])).values()];
}
