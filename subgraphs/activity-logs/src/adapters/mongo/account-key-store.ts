import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKey } from '@vigil/core';
import { MAX_SEEN_MARKS, type AccountKeys, type FirstSeenMarks } from '../../application/ports.js';
import { bufferOf } from '../../application/stored-event.js';
import type { AccountKeyDocument, AccountKeyModel } from './account-key.model.js';

/** Account keys in `activity_account_keys`: created on first use (a concurrent creator wins, its key is read). */
export class MongoAccountKeys implements AccountKeys {
  constructor(private readonly accountKeys: AccountKeyModel) {}

  async find(tenantId: string, accountIds: readonly string[]): Promise<Map<string, AccountKeyDocument>> {
    if (accountIds.length === 0) return new Map();
    // Straight to the driver (read on every batch, beside its outbox entry): the ids are strings already, and
    // mongoose's query casting and lean pass returned the same documents at a CPU cost per call (issue 13).
    const found = await this.accountKeys.collection
      .find<AccountKeyDocument>({ tenantId, accountId: { $in: [...accountIds] } })
      .toArray();
    return new Map(found.map((doc) => [doc.accountId, { ...doc, key: bufferOf(doc.key) }]));
  }

  async keysFor(
    tenantId: string,
    accountIds: readonly string[],
    found: ReadonlyMap<string, AccountKeyDocument>,
  ): Promise<Map<string, AccountKeyDocument>> {
    const byAccount = new Map<string, AccountKeyDocument>();
    for (const accountId of accountIds)
      byAccount.set(accountId, found.get(accountId) ?? (await this.create(tenantId, accountId)));
    return byAccount;
  }

  /** Just the keys: the seen sets (up to MAX_SEEN_MARKS each) are most of a document and not needed here. */
  async existingKeys(tenantId: string, accountIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = await this.accountKeys
      .find({ tenantId, accountId: { $in: accountIds } }, { _id: 0, accountId: 1, key: 1 })
      .lean<Pick<AccountKeyDocument, 'accountId' | 'key'>[]>()
      .exec();
    return new Map(found.map((doc) => [doc.accountId, bufferOf(doc.key)]));
  }

  async allCurrent(tenantId: string, keys: ReadonlyMap<string, Buffer>): Promise<boolean> {
    if (keys.size === 0) return true;
    // Keys are 32 random bytes: a document matches only with its own account's key. Straight to the driver (once per
    // batch, before its announcement): a Buffer goes out as the same BinData (subtype 0) mongoose's cast sent.
    const current = await this.accountKeys.collection.countDocuments({
      tenantId,
      accountId: { $in: [...keys.keys()] },
      key: { $in: [...keys.values()] },
    });
    return current === keys.size;
  }

  /**
   * One write for the whole batch (a batch of new devices used to cost one round trip per event). Each set keeps its
   * first MAX_SEEN_MARKS marks: the drafts add marks only while an account has room, and batches of one account
   * recorded at once may pass it together, so the additions are a `$push` cut back with `$slice` (a mark two such
   * batches both add is then listed twice, which costs a place, not a wrong answer; `$addToSet` cannot be cut in the
   * same statement). An empty addition trims a set stored past the bound before it existed.
   */
  async addSeen(tenantId: string, seen: readonly FirstSeenMarks[]): Promise<void> {
    if (seen.length === 0) return;
    // Straight to the driver: the filters and marks are strings already, and mongoose's cast of every operation was
    // CPU beside the woken consumers' first commands (issue 13).
    const keys = this.accountKeys.db.collection<AccountKeyDocument>(this.accountKeys.collection.collectionName);
    await keys.bulkWrite(
      seen.map((marks) => ({
        updateOne: {
          filter: { tenantId, accountId: marks.accountId },
          update: {
            $push: {
              seenDevices: { $each: [...marks.devices], $slice: MAX_SEEN_MARKS },
              seenCountries: { $each: [...marks.countries], $slice: MAX_SEEN_MARKS },
            },
          },
        },
      })),
      { ordered: false },
    );
  }

  private async create(tenantId: string, accountId: string): Promise<AccountKeyDocument> {
    // Written straight to the driver (a first-seen account's key is on the way to its first announcement), with the
    // fields in the order, and of the types, the mongoose document stored: `_id` first, then the schema's order.
    const created: AccountKeyDocument & { _id: Types.ObjectId } = {
      _id: new Types.ObjectId(),
      tenantId,
      accountId,
      key: randomBytes(32),
      seenDevices: [],
      seenCountries: [],
      createdAt: new Date(),
    };
    try {
      await this.accountKeys.collection.insertOne(created);
      return created;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const raced = await this.accountKeys.findOne({ tenantId, accountId }).lean<AccountKeyDocument>().exec();
      if (!raced) throw err;
      return { ...raced, key: bufferOf(raced.key) };
    }
  }
}
