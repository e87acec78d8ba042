import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import type { Alert, ReasonValue } from '../types/alert.types.js';

function named(values: Readonly<Record<string, number | string>>): ReasonValue[] {
  return Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));
}

export function toAlert(record: AlertRecord): Alert {
  const values = named(record.reasons.values);
  return {
    id: record._id,
    tenantId: record.tenantId,
    rule: record.ruleId,
    ruleName: record.ruleName,
    severity: record.severity,
    status: record.status,
    mode: record.mode,
    reasons: [record.reasons.explanation, ...values.map((entry) => `${entry.name}: ${entry.value}`)],
    reasonVector: {
      explanation: record.reasons.explanation,
      thresholds: named(record.reasons.thresholds),
      values,
      evidenceEventIds: record.reasons.evidenceEventIds,
    },
    accountId: record.accountId ?? undefined,
    relatedAccountIds: record.relatedAccountIds,
    detectedAt: record.detectedAt,
    raisedAt: record.raisedAt,
    lastSeenAt: record.lastSeenAt,
    occurrences: Math.max(1, record.triggerEventIds.length),
    correlatedAlertId: record.correlatedAlertId ?? undefined,
    previousAlertId: record.previousAlertId ?? undefined,
    evidence: (record.evidence ?? []).map((ref) => ({
      eventId: ref.eventId,
      sequence: ref.sequence ?? undefined,
      hash: ref.hash ?? undefined,
    })),
    assignee: record.assignee ?? undefined,
    comments: record.comments ?? [],
    history: record.history,
    acknowledgedAt: record.acknowledgedAt ?? undefined,
    acknowledgedBy: record.acknowledgedBy ?? undefined,
    closedAt: record.closedAt ?? undefined,
    caseId: record.caseId ?? undefined,
  };
}
