import { randomBytes } from 'node:crypto';
import { isDuplicateKey } from '@vigil/core';
import type { AccountKeys, FirstSeenMarks } from '../../application/ports.js';
import { MAX_SEEN_MARKS } from '../../application/event-drafts.js';
import { bufferOf } from '../../application/stored-event.js';
import type { AccountKeyDocument, AccountKeyModel } from './account-key.model.js';

/** Account keys in `activity_account_keys`: created on first use (a concurrent creator wins, its key is read). */
export class MongoAccountKeys implements AccountKeys {
  constructor(private readonly accountKeys: AccountKeyModel) {}

  async keysFor(tenantId: string, accountIds: readonly string[]): Promise<Map<string, AccountKeyDocument>> {
    const byAccount = new Map((await this.find(tenantId, accountIds)).map((doc) => [doc.accountId, doc]));
    for (const accountId of accountIds) {
      if (!byAccount.has(accountId)) byAccount.set(accountId, await this.create(tenantId, accountId));
    }
    return byAccount;
  }

  async existingKeys(tenantId: string, accountIds: readonly string[]): Promise<Map<string, Buffer>> {
    return new Map((await this.find(tenantId, accountIds)).map((doc) => [doc.accountId, doc.key]));
  }

  /**
   * One write for the whole batch (a batch of new devices used to cost one round trip per event). The drafts add
   * marks only while an account has room (MAX_SEEN_MARKS); batches of one account recorded at once may still pass it
   * together, so each account's additions are followed by a trim back to its first marks (a `$push` of nothing with
   * `$slice`, matching only a set past the bound).
   */
  async addSeen(tenantId: string, seen: readonly FirstSeenMarks[]): Promise<void> {
    if (seen.length === 0) return;
    const past = (field: string) => ({ [`${field}.${MAX_SEEN_MARKS}`]: { $exists: true } });
    await this.accountKeys.bulkWrite(
      seen.flatMap((marks) => [
        {
          updateOne: {
            filter: { tenantId, accountId: marks.accountId },
            update: { $addToSet: { seenDevices: { $each: [...marks.devices] }, seenCountries: { $each: [...marks.countries] } } },
          },
        },
        {
          updateOne: {
            filter: { tenantId, accountId: marks.accountId, $or: [past('seenDevices'), past('seenCountries')] },
            update: {
              $push: {
                seenDevices: { $each: [], $slice: MAX_SEEN_MARKS },
                seenCountries: { $each: [], $slice: MAX_SEEN_MARKS },
              },
            },
          },
        },
      ]),
      { ordered: true },
    );
  }

  private async find(tenantId: string, accountIds: readonly string[]): Promise<AccountKeyDocument[]> {
    // The first marks only: a set stored past the bound before it existed is not read whole by every batch.
    const firstMarks = { $slice: MAX_SEEN_MARKS };
    const found = await this.accountKeys
      .find({ tenantId, accountId: { $in: accountIds } }, { seenDevices: firstMarks, seenCountries: firstMarks })
      .lean<AccountKeyDocument[]>()
      .exec();
    return found.map((doc) => ({ ...doc, key: bufferOf(doc.key) }));
  }

  private async create(tenantId: string, accountId: string): Promise<AccountKeyDocument> {
    const created: AccountKeyDocument = {
      tenantId,
      accountId,
      key: randomBytes(32),
      seenDevices: [],
      seenCountries: [],
      createdAt: new Date(),
    };
    try {
      await this.accountKeys.create(created);
      return created;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const raced = await this.accountKeys.findOne({ tenantId, accountId }).lean<AccountKeyDocument>().exec();
      if (!raced) throw err;
      return { ...raced, key: bufferOf(raced.key) };
    }
  }
}
