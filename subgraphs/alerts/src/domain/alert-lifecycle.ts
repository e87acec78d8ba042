import { invalidInput, refusedTransition } from '@vigil/core/domain';
import type { Severity } from './severity.js';

/**
 * OPEN → ACKNOWLEDGED → RESOLVED | FALSE_POSITIVE | ESCALATED (to a recovery case), and back to OPEN when an
 * analyst reopens a closed alert. Closing an OPEN alert in one call acknowledges it on the way (both steps
 * are recorded, so time-to-acknowledge is still measured). Closing and reopening need a reason.
 */
export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** How refusals name an alert ("A security alert in RESOLVED cannot move to ACKNOWLEDGED."). */
export const ALERT_ENTITY = 'security alert';

export const CLOSED_STATUSES = ['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'] as const satisfies readonly AlertStatus[];
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

export function isClosed(status: AlertStatus): status is ClosedStatus {
  return (CLOSED_STATUSES as readonly AlertStatus[]).includes(status);
}

const ALLOWED: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'],
  ACKNOWLEDGED: ['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'],
  RESOLVED: ['OPEN'],
  FALSE_POSITIVE: ['OPEN'],
  ESCALATED: ['OPEN'],
};

/** The statuses an alert in `status` may move to (clients show these as the available actions). */
export function allowedTransitions(status: AlertStatus): readonly AlertStatus[] {
  return ALLOWED[status];
}

export interface StatusChange {
  readonly from: AlertStatus;
  readonly to: AlertStatus;
  readonly by: string;
  readonly at: Date;
  readonly reason?: string;
  /** Recovery case the alert was escalated to. */
  readonly caseId?: string;
}

export function isOpen(status: AlertStatus): boolean {
  return !isClosed(status);
}

/**
 * Checks a requested change and returns the history entries to store (two when an OPEN alert is closed in
 * one call). A change the status does not allow is a CONFLICT listing the allowed ones (`refusedTransition`);
 * a change missing its reason or case is BAD_USER_INPUT.
 */
export function planStatusChange(
  current: AlertStatus,
  to: AlertStatus,
  by: string,
  at: Date,
  details: { reason?: string; caseId?: string } = {},
): StatusChange[] {
  const allowed = ALLOWED[current];
  if (!allowed.includes(to)) throw refusedTransition(ALERT_ENTITY, current, to, allowed);
  const reason = details.reason?.trim() || undefined;
  if ((isClosed(to) || to === 'OPEN') && reason === undefined) {
    throw invalidInput(`Say why the alert is ${to === 'OPEN' ? 'reopened' : to}: a reason is required.`, { reason: 'required' });
  }
  if (to === 'ESCALATED' && (details.caseId === undefined || details.caseId.length === 0)) {
    throw invalidInput('Escalating needs the id of the recovery case the alert is escalated to.', { caseId: 'required' });
  }
  const change: StatusChange = { from: current, to, by, at, reason, caseId: to === 'ESCALATED' ? details.caseId : undefined };
  if (current === 'OPEN' && isClosed(to)) {
    return [
      { from: 'OPEN', to: 'ACKNOWLEDGED', by, at },
      { ...change, from: 'ACKNOWLEDGED' },
    ];
  }
  return [change];
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
