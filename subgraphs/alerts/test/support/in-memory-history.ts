import type { DetectionEvent } from '../../src/domain/detection-event.js';
import type { DetectionHistory, HistoryQuery, RecentAlertQuery, RecentAlertRef } from '../../src/domain/detection-history.js';
import type { Detection } from '../../src/domain/finding.js';

/** Test double for the MongoDB-backed history: same contract, kept in arrays. */
export class InMemoryDetectionHistory implements DetectionHistory {
  readonly stored = new Map<string, DetectionEvent>();
  readonly alerts: RecentAlertRef[] = [];
  private readonly alertAccounts = new Map<string, readonly string[]>();

  async record(event: DetectionEvent): Promise<void> {
    const key = `${event.tenantId}|${event.eventId}`;
    if (!this.stored.has(key)) this.stored.set(key, event);
  }

  async events(query: HistoryQuery): Promise<DetectionEvent[]> {
    const matching = [...this.stored.values()]
      .filter(
        (event) =>
          event.tenantId === query.tenantId &&
          event.kinds.includes(query.kind) &&
          event.occurredAt >= query.since &&
          event.occurredAt <= query.until &&
          (query.accountId === undefined || event.accountId === query.accountId) &&
          (query.ip === undefined || event.ip === query.ip) &&
          (query.caseId === undefined || event.caseId === query.caseId),
      )
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    return query.limit === undefined ? matching : matching.slice(-query.limit);
  }

  async recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    return this.alerts.filter(
      (alert) =>
        query.ruleIds.includes(alert.ruleId) &&
        alert.detectedAt >= query.since &&
        alert.detectedAt <= query.until &&
        (this.alertAccounts.get(alert.alertId) ?? []).includes(query.accountId),
    );
  }

  /** What the alert store does after raising: makes the alert visible to "success after attack". */
  remember(detection: Detection): void {
    const alertId = `alert-${this.alerts.length + 1}`;
    this.alerts.push({ alertId, ruleId: detection.ruleId, detectedAt: detection.detectedAt });
    this.alertAccounts.set(alertId, detection.relatedAccountIds);
  }
}
