/**
 * An append that raced an erasure (ADR 138). An ingest reads the account's key, drafts its events (PII committed
 * under that key), then appends. An erasure that shredded the key in between, and appended its record before this
 * append, already made its two passes: nothing would erase these events, and their data would stay in clear under a
 * commitment no key can check. After the append the ingest therefore counts the accounts whose stored key is still
 * the drafted one (one count per batch, only for the accounts whose events carry personal data): an account whose
 * key is no longer the one it drafted with was erased meanwhile. Its events of the batch are erased before they are announced, and a new erasure record is
 * appended after them, so the chain says they were erased (verification requires a later record).
 *
 * The append is the point that decides: if the key is still the drafted one after it, any later erasure deletes the
 * key after these events are stored, and its passes find them.
 */
import type { ActivityEventDocument, AccountKeyDocument, AccountKeys, EventChain } from './ports.js';
import type { ValidActivityEvent } from '../domain/activity-input.js';
import { erasedCopy } from './event-erasure.js';
import { erasureRecord } from './erasure-record.js';

export class LateErasures {
  constructor(
    private readonly chain: EventChain,
    private readonly accountKeys: AccountKeys,
  ) {}

  /** The accounts with personal data in `committed` whose key is no longer the one in `drafted`. */
  async shredded(
    tenantId: string,
    committed: readonly ActivityEventDocument[],
    drafted: ReadonlyMap<string, AccountKeyDocument>,
  ): Promise<Set<string>> {
    const withPii = [...new Set(committed.filter((doc) => doc.piiCommitment).map((doc) => doc.accountId!))];
    const draftedKeys = new Map(withPii.map((accountId) => [accountId, drafted.get(accountId)!.key]));
    // The common case in one small answer; which accounts changed is read only when some did.
    if (await this.accountKeys.allCurrent(tenantId, draftedKeys)) return new Set();
    const current = await this.accountKeys.existingKeys(tenantId, withPii);
    return new Set(withPii.filter((accountId) => current.get(accountId)?.equals(draftedKeys.get(accountId)!) !== true));
  }

  /** Erases the `shredded` accounts' events of the batch in the store; answers the batch as it now stands. */
  async erase(
    tenantId: string,
    committed: readonly ActivityEventDocument[],
    shredded: ReadonlySet<string>,
  ): Promise<ActivityEventDocument[]> {
    const late = committed.filter((doc) => shredded.has(doc.accountId!));
    await this.chain.eraseEvents(
      tenantId,
      late.map((doc) => doc._id),
    );
    const erasedAt = new Date();
    return committed.map((doc) => (shredded.has(doc.accountId!) ? erasedCopy(doc, erasedAt) : doc));
  }
}

/** The erasure records that follow a batch's late-erased events (`batchId`: the batch's outbox id, for idempotency). */
export function lateErasureRecords(shredded: ReadonlySet<string>, batchId: string): ValidActivityEvent[] {
  return [...shredded].map((accountId) =>
    erasureRecord(accountId, { type: 'SYSTEM', id: 'late-append' }, `erasure-late:${batchId}:${accountId}`),
  );
}
