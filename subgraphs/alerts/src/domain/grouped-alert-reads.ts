import type { DetectionHistory, RecentAlertQuery, RecentAlertRef } from './detection-history.js';
import { TurnGroups, type Pending as TurnPending } from './turn-groups.js';

type Pending = TurnPending<RecentAlertQuery, RecentAlertRef[]>;

/**
 * The success-after-attack reads of one page (`recentAlerts`, one per successful login), read together (ADR 115):
 * the reads issued in the same turn of the event loop with the same tenant and rules become one store read over
 * their accounts and the union of their ranges; each query then gets, in memory, the alerts relating to its
 * account within its own range — what its own read returns. A group of one query is that query's own read.
 */
export class GroupedAlertReads {
  private readonly turns = new TurnGroups<RecentAlertQuery, RecentAlertRef[]>((group) => this.read(group));

  constructor(private readonly history: Pick<DetectionHistory, 'recentAlerts' | 'recentAlertsOfAccounts'>) {}

  recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    return this.turns.add(JSON.stringify([query.tenantId, [...query.ruleIds].sort()]), query);
  }

  private async read(group: readonly Pending[]): Promise<void> {
    if (group.length === 1) {
      const only = group[0] as Pending;
      this.history.recentAlerts(only.query).then(only.resolve, only.reject);
      return;
    }
    const first = (group[0] as Pending).query;
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
  }
}
