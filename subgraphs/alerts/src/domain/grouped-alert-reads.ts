import type { DetectionHistory, RecentAlertQuery, RecentAlertRef } from './detection-history.js';

interface Pending {
  readonly query: RecentAlertQuery;
  readonly resolve: (alerts: RecentAlertRef[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The success-after-attack reads of one page (`recentAlerts`, one per successful login), read together (ADR 115):
 * the reads issued in the same turn of the event loop with the same tenant and rules become one store read over
 * their accounts and the union of their ranges; each query then gets, in memory, the alerts relating to its
 * account within its own range — what its own read returns. A group of one query is that query's own read.
 */
export class GroupedAlertReads {
  private pending = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(private readonly history: Pick<DetectionHistory, 'recentAlerts' | 'recentAlertsOfAccounts'>) {}

  recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    const group = JSON.stringify([query.tenantId, [...query.ruleIds].sort()]);
    return new Promise((resolve, reject) => {
      const list = this.pending.get(group);
      if (list === undefined) this.pending.set(group, [{ query, resolve, reject }]);
      else list.push({ query, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After I/O callbacks and every microtask: all the reads the rules issue in this turn are queued.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const groups = [...this.pending.values()];
    this.pending = new Map();
    this.scheduled = false;
    for (const group of groups) void this.read(group);
  }

  private async read(group: readonly Pending[]): Promise<void> {
    if (group.length === 1) {
      const only = group[0] as Pending;
      this.history.recentAlerts(only.query).then(only.resolve, only.reject);
      return;
    }
    const first = (group[0] as Pending).query;
    try {
      const alerts = await this.history.recentAlertsOfAccounts({
        tenantId: first.tenantId,
        ruleIds: first.ruleIds,
        accountIds: [...new Set(group.map((pending) => pending.query.accountId))],
        since: new Date(Math.min(...group.map((pending) => pending.query.since.getTime()))),
        until: new Date(Math.max(...group.map((pending) => pending.query.until.getTime()))),
      });
      for (const { query, resolve } of group) {
        resolve(
          alerts
            .filter(
              (alert) =>
                alert.relatedAccountIds.includes(query.accountId) &&
                alert.detectedAt.getTime() >= query.since.getTime() &&
                alert.detectedAt.getTime() <= query.until.getTime(),
            )
            .map((alert) => ({ alertId: alert.alertId, ruleId: alert.ruleId, detectedAt: alert.detectedAt })),
        );
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }
}
