import { invalidInput, refusedTransition } from '@vigil/core/domain';

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

/**
 * Most status changes an alert records (ADR 123). Closing and reopening can be repeated by anyone who may triage,
 * each cycle adding up to three entries with reasons of up to 2,000 characters; without a bound a script (or a
 * stolen analyst session) grew an open alert towards MongoDB's 16 MB limit, past which every detection joining it
 * failed and its tenant's detection stalled on that page. A reopen is refused when it would leave no room for the
 * alert's next close, so an open alert can always be closed.
 */
export const MAX_STATUS_CHANGES = 100;

/** What closing an open alert records at most: OPEN → ACKNOWLEDGED, then ACKNOWLEDGED → closed. */
const CLOSING_CHANGES = 2;

function roomToReopen(recorded: number): boolean {
  return recorded + 1 + CLOSING_CHANGES <= MAX_STATUS_CHANGES;
}

/**
 * The statuses an alert in `status` with `recorded` status changes may move to (clients show these as the available
 * actions): no reopening once its history has no room left for another cycle.
 */
export function allowedTransitions(status: AlertStatus, recorded = 0): readonly AlertStatus[] {
  return roomToReopen(recorded) ? ALLOWED[status] : ALLOWED[status].filter((next) => next !== 'OPEN');
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
 * Checks a requested change of an alert holding `recorded` status changes and returns the history entries to store
 * (two when an OPEN alert is closed in one call). A change the status does not allow, or a reopen its history has no
 * room for, is a CONFLICT listing the allowed ones (`refusedTransition`); a change missing its reason or case is
 * BAD_USER_INPUT.
 */
export function planStatusChange(
  current: AlertStatus,
  to: AlertStatus,
  by: string,
  at: Date,
  details: { reason?: string; caseId?: string } = {},
  recorded = 0,
): StatusChange[] {
  const allowed = allowedTransitions(current, recorded);
  if (!allowed.includes(to)) {
    const full = to === 'OPEN' && ALLOWED[current].includes(to);
    throw refusedTransition(
      ALERT_ENTITY,
      current,
      to,
      allowed,
      full
        ? `This alert has recorded ${recorded} status changes and cannot be reopened again (at most ${MAX_STATUS_CHANGES}); new activity it covers raises a new alert.`
        : undefined,
    );
  }
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
