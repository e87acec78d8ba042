/**
 * The privacy half of chain verification, per stored event: personal data still matches its commitment while
 * the account key exists; an erased event was erased by a recorded erasure appended after it, and carries no
 * personal data.
 */
import type { BreakList } from '../domain/hash-chain.js';
import { hasPii, piiMatchesCommitment } from '../domain/pii.js';
import { ERASURE_EVENT_TYPE } from './erasure-record.js';
import type { AccountKeyDocument, ActivityEventDocument, ActivityModels } from './ports.js';
import { bufferOf, piiOf } from './stored-event.js';

export interface PrivacyVerdict {
  readonly piiIntact?: boolean;
  readonly piiAfterErasure?: boolean;
}

export class EventPrivacyChecks {
  /** Account keys read so far (null: the account was erased, its key shredded). */
  private readonly keys = new Map<string, Buffer | null>();

  private constructor(
    private readonly models: Pick<ActivityModels, 'accountKeys'>,
    private readonly tenantId: string,
    /** The sequence of the newest recorded erasure of each erased account. */
    private readonly erasures: ReadonlyMap<string, number>,
  ) {}

  static async load(models: Pick<ActivityModels, 'events' | 'accountKeys'>, tenantId: string): Promise<EventPrivacyChecks> {
    const records = await models.events
      .find({ tenantId, type: ERASURE_EVENT_TYPE }, { accountId: 1, sequence: 1 })
      .lean<Pick<ActivityEventDocument, 'accountId' | 'sequence'>[]>()
      .exec();
    const erasures = new Map<string, number>();
    for (const record of records) {
      if (typeof record.accountId !== 'string') continue;
      erasures.set(record.accountId, Math.max(erasures.get(record.accountId) ?? 0, record.sequence));
    }
    return new EventPrivacyChecks(models, tenantId, erasures);
  }

  /** For a live (not purged) event; an unrecorded erasure is added to `found` directly. */
  async check(doc: ActivityEventDocument, found: BreakList): Promise<PrivacyVerdict> {
    if (!doc.erasedAt) return { piiIntact: await this.piiIntact(doc) };
    if (!((this.erasures.get(doc.accountId!) ?? 0) > doc.sequence)) {
      found.add({
        sequence: doc.sequence,
        reason: 'UNRECORDED_ERASURE',
        detail: `Event ${doc.sequence} is marked erased but no later erasure of its account is recorded in the chain.`,
      });
    }
    return hasPii(piiOf(doc)) ? { piiAfterErasure: true } : {};
  }

  private async piiIntact(doc: ActivityEventDocument): Promise<boolean> {
    const pii = piiOf(doc);
    const accountId = doc.accountId!;
    if (!this.keys.has(accountId)) {
      const found = await this.models.accountKeys
        .findOne({ tenantId: this.tenantId, accountId })
        .lean<AccountKeyDocument>()
        .exec();
      this.keys.set(accountId, found ? bufferOf(found.key) : null);
    }
    const key = this.keys.get(accountId) ?? null;
    if (!key) return !hasPii(pii) && (doc.piiCommitment ?? null) === null;
    return piiMatchesCommitment(pii, key, doc.piiCommitment ?? null);
  }
}
