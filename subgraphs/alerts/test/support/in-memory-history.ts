import type { DetectionEvent } from '../../src/domain/detection-event.js';
import type {
  AccountsAlertQuery,
  AccountsAlertRef,
  DetectionHistory,
  HistoryQuery,
  RecentAlertQuery,
  RecentAlertRef,
} from '../../src/domain/detection-history.js';
import type { Detection } from '../../src/domain/finding.js';

/** Test double for the MongoDB-backed history: same contract, kept in arrays. */
export class InMemoryDetectionHistory implements DetectionHistory {
  readonly stored = new Map<string, DetectionEvent>();
  readonly alerts: RecentAlertRef[] = [];
  private readonly alertAccounts = new Map<string, readonly string[]>();
  private readonly alertIdByKey = new Map<string, string>();

  private readonly watermarks = new Map<string, Date>();

  async advanceWatermark(tenantId: string, occurredAt: Date): Promise<Date> {
    const current = this.watermarks.get(tenantId);
    const next = current !== undefined && current > occurredAt ? current : occurredAt;
    this.watermarks.set(tenantId, next);
    return next;
  }

  async record(events: readonly DetectionEvent[]): Promise<void> {
    for (const event of events) {
      const key = `${event.tenantId}|${event.eventId}`;
      if (!this.stored.has(key)) this.stored.set(key, event);
    }
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
          (query.accountIds === undefined || query.accountIds.includes(event.accountId)) &&
          (query.ip === undefined || event.ip === query.ip) &&
          (query.ips === undefined || (event.ip !== undefined && query.ips.includes(event.ip))) &&
          (query.caseId === undefined || event.caseId === query.caseId),
      )
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.eventId.localeCompare(b.eventId));
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

  async recentAlertsOfAccounts(query: AccountsAlertQuery): Promise<AccountsAlertRef[]> {
    return this.alerts.flatMap((alert) => {
      const related = (this.alertAccounts.get(alert.alertId) ?? []).filter((account) => query.accountIds.includes(account));
      const inRange = alert.detectedAt >= query.since && alert.detectedAt <= query.until;
      return query.ruleIds.includes(alert.ruleId) && inRange && related.length > 0
        ? [{ ...alert, relatedAccountIds: related }]
        : [];
    });
  }

  /**
   * What the alert store does after raising: one alert per suppression key, growing as detections join it
   * (related accounts, earliest detection time), visible to "success after attack". Returns the alert.
   */
  remember(detection: Detection): RecentAlertRef & { relatedAccountIds: readonly string[] } {
    let alertId = this.alertIdByKey.get(detection.suppressionKey);
    if (alertId === undefined) {
      alertId = `alert-${this.alerts.length + 1}`;
      this.alertIdByKey.set(detection.suppressionKey, alertId);
      this.alerts.push({ alertId, ruleId: detection.ruleId, detectedAt: detection.detectedAt });
    }
    const index = this.alerts.findIndex((alert) => alert.alertId === alertId);
    const current = this.alerts[index] as RecentAlertRef;
    const detectedAt = current.detectedAt < detection.detectedAt ? current.detectedAt : detection.detectedAt;
    this.alerts[index] = { ...current, detectedAt };
    const related = [...new Set([...(this.alertAccounts.get(alertId) ?? []), ...detection.relatedAccountIds])];
    this.alertAccounts.set(alertId, related);
    return { alertId, ruleId: detection.ruleId, detectedAt, relatedAccountIds: related };
  }
}
