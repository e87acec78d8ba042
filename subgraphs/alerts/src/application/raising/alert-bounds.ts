import type { mongo } from 'mongoose';
import type { AlertRecord } from '../../adapters/mongo/alert.model.js';

/*
 * How much of a flood one alert lists (ADR 118). Without bounds every detection joining an open alert added its
 * triggering event, its evidence and its accounts: a brute-force flood on one account grew its alert ~120 bytes per
 * failed login, past MongoDB's 16 MB document limit after ~135,000 inside the suppression window, and from then every
 * join of the tenant's detection page failed — detection stuck behind an alert it could no longer write. Every read
 * of the alert carried the whole lists too. The attack's size stays in the alert's `magnitude`, its reasons and
 * `lastSeenAt`; the lists keep what an analyst acts on.
 */

/** Occurrences listed (`triggerEventIds`): the newest, so a redelivered page finds its events among them. */
export const LISTED_OCCURRENCES = 1_000;
/** Evidence events cited (`evidence`, `reasons.evidenceEventIds`): the newest, as each detection cites its newest. */
export const LISTED_EVIDENCE = 200;
/** Accounts related (`relatedAccountIds`): the first, so an alert's accounts do not churn while a spray goes on. */
export const LISTED_ACCOUNTS = 10_000;

/**
 * Trims an alert's lists back to their bounds after a join appended to them (`$addToSet` appends; a `$push` of
 * nothing with `$slice` cuts). Matches only an alert with a list past its bound, so it writes nothing otherwise.
 */
export function trimWrite(alertId: string): mongo.AnyBulkWriteOperation<AlertRecord> {
  return {
    updateOne: {
      filter: {
        _id: alertId,
        $or: [
          { [`triggerEventIds.${LISTED_OCCURRENCES}`]: { $exists: true } },
          { [`evidence.${LISTED_EVIDENCE}`]: { $exists: true } },
          { [`reasons.evidenceEventIds.${LISTED_EVIDENCE}`]: { $exists: true } },
          { [`relatedAccountIds.${LISTED_ACCOUNTS}`]: { $exists: true } },
        ],
      },
      update: {
        $push: {
          triggerEventIds: { $each: [], $slice: -LISTED_OCCURRENCES },
          evidence: { $each: [], $slice: -LISTED_EVIDENCE },
          'reasons.evidenceEventIds': { $each: [], $slice: -LISTED_EVIDENCE },
          relatedAccountIds: { $each: [], $slice: LISTED_ACCOUNTS },
        },
      },
    },
  };
}

/**
 * Whether a join adding these lengths to the alert as it was could pass a bound (the trim is needed only then). Counts
 * the additions whole, as if none were listed already.
 */
export function mayPassBounds(
  before: Pick<AlertRecord, 'triggerEventIds' | 'evidence' | 'reasons' | 'relatedAccountIds'>,
  added: { readonly occurrences: number; readonly evidence: number; readonly evidenceIds: number; readonly accounts: number },
): boolean {
  return (
    before.triggerEventIds.length + added.occurrences > LISTED_OCCURRENCES ||
    (before.evidence?.length ?? 0) + added.evidence > LISTED_EVIDENCE ||
    before.reasons.evidenceEventIds.length + added.evidenceIds > LISTED_EVIDENCE ||
    before.relatedAccountIds.length + added.accounts > LISTED_ACCOUNTS
  );
}

/** The newest `bound` of a list (a new alert's own lists, before it is stored). */
export function newest<T>(list: readonly T[], bound: number): T[] {
  return list.slice(Math.max(0, list.length - bound));
}

/** Whether a join adding these accounts lists any the alert did not: an alert listing its bound lists no more. */
export function addsListedAccounts(listed: readonly string[], added: readonly string[]): boolean {
  if (listed.length >= LISTED_ACCOUNTS) return false;
  const known = new Set(listed);
  return added.some((account) => !known.has(account));
}
