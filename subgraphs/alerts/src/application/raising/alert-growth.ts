import type { Logger } from 'pino';
import type { AlertStatus } from '../../domain/alert-lifecycle.js';
import type { Detection } from '../../domain/finding.js';
import { severityRank } from '../../domain/severity.js';
import { alertCollection, type AlertModel, type AlertRecord, type EvidenceRefRecord } from '../../adapters/mongo/alert.model.js';
import type { AlertAnnouncer } from '../ports.js';
import { addsListedAccounts, mayPassBounds, trimWrite } from './alert-bounds.js';

export const OPEN_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

/**
 * Folds a detection into the open alert holding its window: occurrences, evidence and related accounts grow (within
 * their bounds, ADR 118); a larger count replaces the numbers and explanation; severity only rises. Walls hear about
 * it (`alertUpdated`) when accounts are added, severity rises, or the count doubled since they last heard (ADR 080).
 */
export class AlertGrowth {
  constructor(
    private readonly alerts: AlertModel,
    private readonly announcer: AlertAnnouncer,
    private readonly logger: Logger,
  ) {}

  /** The alert after the join, or null when it is not open (closed, or not stored yet). */
  async join(alertId: string, detection: Detection, evidence: EvidenceRefRecord[]): Promise<AlertRecord | null> {
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
    // One more round trip only when the lists could have passed a bound (a join on the walls' path usually cannot).
    const added = {
      occurrences: detection.triggerEventIds.length,
      evidence: evidence.length,
      evidenceIds: detection.reasons.evidenceEventIds.length,
      accounts: detection.relatedAccountIds.length,
    };
    if (mayPassBounds(before, added)) await alertCollection(this.alerts).bulkWrite([trimWrite(alertId)]);
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
    const newAccounts = addsListedAccounts(before.relatedAccountIds, detection.relatedAccountIds);
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
}
