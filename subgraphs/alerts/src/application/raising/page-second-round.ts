import type { mongo } from 'mongoose';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';
import { OPEN_STATUSES } from './alert-growth.js';

/** What a join needs to know of the alert holding a window, as it was before the page. */
export type HeldAlert = Pick<
  AlertRecord,
  '_id' | 'status' | 'mode' | 'severity' | 'magnitude' | 'announcedMagnitude' | 'relatedAccountIds'
>;

/** An open alert on one of the page's accounts: the root of its correlation. */
export type OpenAlert = Pick<AlertRecord, '_id' | 'accountId' | 'correlatedAlertId'>;

const HELD_FIELDS = { status: 1, mode: 1, severity: 1, magnitude: 1, announcedMagnitude: 1, relatedAccountIds: 1 };
/** What tells the two kinds apart once read together, and what correlation uses. */
const OPEN_FIELDS = { tenantId: 1, accountId: 1, correlatedAlertId: 1, raisedAt: 1 };

/**
 * A page's second round of reads (ADR 114, 154) as one read of `alerts` (ADR 162): the alerts holding the page's
 * windows (by id) and the open alerts of the accounts that may get a new alert, as one `$or` of the two finds'
 * filters. The answer holds exactly the documents the two finds returned; each is told apart here by the same
 * conditions (an alert can be both). Sorted as the open alerts' read was: an account's earliest open alert is its
 * root. One command fewer on a page's way to its first new alert; the store still answers both from their indexes.
 */
export async function readSecondRound(
  alerts: mongo.Collection<AlertRecord>,
  tenantId: string,
  holderIds: readonly string[],
  accountIds: readonly string[],
): Promise<[HeldAlert[], OpenAlert[]]> {
  const openFilter = { tenantId, accountId: { $in: [...accountIds] }, status: { $in: OPEN_STATUSES }, mode: 'ALERT' as const };
  const branches: mongo.Filter<AlertRecord>[] = [
    ...(holderIds.length > 0 ? [{ _id: { $in: [...holderIds] } }] : []),
    ...(accountIds.length > 0 ? [openFilter] : []),
  ];
  if (branches.length === 0) return [[], []];
  const found = await alerts
    .find(branches.length === 1 ? branches[0]! : { $or: branches }, {
      projection: { ...HELD_FIELDS, ...OPEN_FIELDS },
      sort: { raisedAt: 1, _id: 1 },
    })
    .toArray();
  const holders = new Set(holderIds);
  const accounts = new Set(accountIds);
  const held = found.filter((alert) => holders.has(alert._id)).map(heldOf);
  const open = found.filter(
    (alert) =>
      alert.tenantId === tenantId &&
      alert.accountId !== undefined &&
      alert.accountId !== null &&
      accounts.has(alert.accountId) &&
      OPEN_STATUSES.includes(alert.status) &&
      alert.mode === 'ALERT',
  );
  return [
    held,
    open.map((alert) => ({ _id: alert._id, accountId: alert.accountId, correlatedAlertId: alert.correlatedAlertId })),
  ];
}

/** Only the fields a join reads, as the holders' own read returned them. */
function heldOf(alert: AlertRecord): HeldAlert {
  const { _id, status, mode, severity, magnitude, announcedMagnitude, relatedAccountIds } = alert;
  return { _id, status, mode, severity, magnitude, announcedMagnitude, relatedAccountIds };
}
