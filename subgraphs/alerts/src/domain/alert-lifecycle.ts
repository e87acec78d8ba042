import type { Severity } from './severity.js';

/**
 * OPEN → ACKNOWLEDGED → RESOLVED | FALSE_POSITIVE | ESCALATED (to a recovery case).
 * Closing requires acknowledging first, so time-to-acknowledge is always measured; closing needs a reason.
 */
export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const CLOSED_STATUSES: readonly AlertStatus[] = ['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'];

const ALLOWED: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  OPEN: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: ['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'],
  RESOLVED: [],
  FALSE_POSITIVE: [],
  ESCALATED: [],
};

export interface StatusChange {
  readonly from: AlertStatus;
  readonly to: AlertStatus;
  readonly by: string;
  readonly at: Date;
  readonly reason?: string;
  /** Recovery case the alert was escalated to. */
  readonly caseId?: string;
}

export class AlertTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertTransitionError';
  }
}

export function isOpen(status: AlertStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/** Checks a requested change and returns the history entry to store; throws with a message the analyst can act on. */
export function changeStatus(
  current: AlertStatus,
  to: AlertStatus,
  by: string,
  at: Date,
  details: { reason?: string; caseId?: string } = {},
): StatusChange {
  if (!ALLOWED[current].includes(to)) {
    const next = ALLOWED[current];
    throw new AlertTransitionError(
      next.length === 0
        ? `The alert is already ${current}; closed alerts cannot change.`
        : `An alert that is ${current} can only become ${next.join(', ')}${current === 'OPEN' ? ': acknowledge it first' : ''}.`,
    );
  }
  const reason = details.reason?.trim();
  if (CLOSED_STATUSES.includes(to) && (reason === undefined || reason.length === 0)) {
    throw new AlertTransitionError(`Say why the alert is ${to}: a reason is required to close it.`);
  }
  if (to === 'ESCALATED' && (details.caseId === undefined || details.caseId.length === 0)) {
    throw new AlertTransitionError('Escalating needs the id of the recovery case the alert is escalated to.');
  }
  return { from: current, to, by, at, reason, caseId: to === 'ESCALATED' ? details.caseId : undefined };
}

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
