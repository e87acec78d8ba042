import type { Detection } from '../../domain/finding.js';
import { alertCollection, type AlertModel, type AlertRecord, type EvidenceRefRecord } from '../../adapters/mongo/alert.model.js';
import { insertUnordered, isDuplicateKey } from '@vigil/core';
import { leanRecord } from '../../adapters/mongo/lean-record.js';
import { OPEN_STATUSES } from './alert-growth.js';
import { LISTED_ACCOUNTS, LISTED_EVIDENCE, LISTED_OCCURRENCES, newest } from './alert-bounds.js';

/**
 * What storing a new alert needs to know, read before the window is even claimed (ADR 102: one round trip). An
 * alert already stored under the id (a redelivery, the same event judged again) is found by the insert's
 * duplicate key, not by a read on every raise (ADR 104).
 */
export interface StoreContext {
  /** The root of the open alerts on the detection's account, so analysts see one incident rather than a flood. */
  readonly correlatedAlertId: string | null;
  readonly evidence: EvidenceRefRecord[];
}

/** Reads a StoreContext; its reads are independent of each other and of the window claim. */
export async function storeContext(
  alerts: AlertModel,
  detection: Detection,
  evidence: Promise<EvidenceRefRecord[]>,
): Promise<StoreContext> {
  const [correlatedAlertId, cited] = await Promise.all([
    detection.accountId === undefined ? null : openAlertOnAccount(alerts, detection),
    evidence,
  ]);
  return { correlatedAlertId, evidence: cited };
}

/** The new alert a detection raises, as stored (lean); its lists within their bounds (ADR 118). */
export function newAlertRecord(
  alertId: string,
  detection: Detection,
  context: StoreContext,
  raisedAt: Date,
  previousAlertId?: string,
): AlertRecord {
  return {
    _id: alertId,
    tenantId: detection.tenantId,
    ruleId: detection.ruleId,
    ruleName: detection.reasons.ruleName,
    severity: detection.severity,
    status: 'OPEN',
    mode: detection.mode,
    accountId: detection.accountId,
    relatedAccountIds: detection.relatedAccountIds.slice(0, LISTED_ACCOUNTS),
    groupKey: detection.groupKey,
    suppressionKey: detection.suppressionKey,
    detectedAt: detection.detectedAt,
    raisedAt,
    lastSeenAt: detection.detectedAt,
    triggerEventIds: newest(detection.triggerEventIds, LISTED_OCCURRENCES),
    reasons: {
      thresholds: { ...detection.reasons.thresholds },
      values: { ...detection.reasons.values },
      evidenceEventIds: newest(detection.reasons.evidenceEventIds, LISTED_EVIDENCE),
      explanation: detection.reasons.explanation,
    },
    evidence: newest(context.evidence, LISTED_EVIDENCE),
    magnitude: detection.magnitude,
    announcedMagnitude: detection.magnitude,
    correlatedAlertId: context.correlatedAlertId ?? undefined,
    previousAlertId,
    comments: [],
    history: [],
  };
}

/** Stores the alert once: a duplicate key (another instance, a redelivery) answers with the stored one. */
export async function storeAlert(
  alerts: AlertModel,
  alertId: string,
  detection: Detection,
  context: StoreContext,
  raisedAt: Date,
  previousAlertId?: string,
): Promise<{ alert: AlertRecord; fresh: boolean }> {
  const record = newAlertRecord(alertId, detection, context, raisedAt, previousAlertId);
  try {
    // The driver's insert (ADR 104, 157): the record is built above, fully typed, as stored.
    await alertCollection(alerts).insertOne(leanRecord(record));
    return { alert: record, fresh: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return { alert: (await alerts.findById(alertId).lean<AlertRecord>()) ?? record, fresh: false };
  }
}

/** Stores new alerts in one unordered insert; the ids already stored (a redelivery) are refused and answered. */
export async function storeAlerts(alerts: AlertModel, records: readonly AlertRecord[]): Promise<ReadonlySet<string>> {
  const refused = await insertUnordered(records, (docs) =>
    alertCollection(alerts).insertMany(docs.map(leanRecord), { ordered: false }),
  );
  return new Set(refused.map((alert) => alert._id));
}

async function openAlertOnAccount(alerts: AlertModel, detection: Detection): Promise<string | null> {
  const open = await alertCollection(alerts).findOne(
    { tenantId: detection.tenantId, accountId: detection.accountId, status: { $in: OPEN_STATUSES }, mode: 'ALERT' },
    { sort: { raisedAt: 1 }, projection: { correlatedAlertId: 1 } },
  );
  if (open === null) return null;
  return open.correlatedAlertId ?? open._id;
}
