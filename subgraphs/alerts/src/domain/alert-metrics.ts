import { isOpen, type AlertStatus } from './alert-lifecycle.js';
import type { Severity } from './severity.js';

const RISK_WEIGHT: Readonly<Record<Severity, number>> = { LOW: 5, MEDIUM: 15, HIGH: 35, CRITICAL: 60 };

/** 0–100 from the account's open alerts: one critical alert alone is high risk; many low ones add up. */
export function accountRiskScore(openAlerts: readonly { severity: Severity }[]): number {
  return Math.min(
    100,
    openAlerts.reduce((sum, alert) => sum + RISK_WEIGHT[alert.severity], 0),
  );
}

export interface AlertTimes {
  readonly tenantId: string;
  readonly ruleId: string;
  readonly status: AlertStatus;
  readonly raisedAt: Date;
  readonly acknowledgedAt?: Date;
  readonly closedAt?: Date;
}

export interface RuleMetrics {
  readonly tenantId: string;
  readonly ruleId: string;
  readonly alerts: number;
  readonly open: number;
  /** Mean time to acknowledge, over acknowledged alerts; null when none. */
  readonly mttaSeconds: number | null;
  /** Mean time to resolve (raised → closed), over closed alerts; null when none. */
  readonly mttrSeconds: number | null;
  /** FALSE_POSITIVE share of closed alerts; null when none closed. */
  readonly falsePositiveRate: number | null;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** MTTA, MTTR and false-positive rate per tenant and rule. */
export function ruleMetrics(alerts: readonly AlertTimes[]): RuleMetrics[] {
  const groups = new Map<string, AlertTimes[]>();
  for (const alert of alerts) {
    const key = `${alert.tenantId}\u0000${alert.ruleId}`;
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  return [...groups.values()].map((group) => {
    const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
    const acknowledged = group.filter((alert) => alert.acknowledgedAt !== undefined);
    const closed = group.filter((alert) => alert.closedAt !== undefined && !isOpen(alert.status));
    const first = group[0] as AlertTimes;
    return {
      tenantId: first.tenantId,
      ruleId: first.ruleId,
      alerts: group.length,
      open: group.filter((alert) => isOpen(alert.status)).length,
      mttaSeconds: mean(acknowledged.map((alert) => seconds(alert.raisedAt, alert.acknowledgedAt as Date))),
      mttrSeconds: mean(closed.map((alert) => seconds(alert.raisedAt, alert.closedAt as Date))),
      falsePositiveRate:
        closed.length === 0
          ? null
          : Math.round((closed.filter((alert) => alert.status === 'FALSE_POSITIVE').length / closed.length) * 1000) / 1000,
    };
  });
}
