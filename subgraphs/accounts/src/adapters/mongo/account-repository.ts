import { isDuplicateKey } from '@vigil/core';
import type { Model } from 'mongoose';
import {
  DUPLICATE,
  type AccountChanges,
  type AccountRepository,
  type NewAccount,
  type Written,
} from '../../application/ports.js';
import type { AccountRecord } from '../../domain/records.js';

/** Accounts in MongoDB; every read carries the tenant restriction in the query itself. */
export class MongoAccountRepository implements AccountRepository {
  constructor(private readonly accounts: Model<AccountRecord>) {}

  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AccountRecord[]> {
    return this.accounts
      .find({ _id: { $in: [...ids] }, tenantId: { $in: [...tenantIds] } })
      .lean<AccountRecord[]>()
      .exec();
  }

  page(tenantId: string, afterId: string | undefined, limit: number): Promise<AccountRecord[]> {
    return this.accounts
      .find({ tenantId, ...(afterId ? { _id: { $gt: afterId } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<AccountRecord[]>()
      .exec();
  }

  async create(account: NewAccount): Promise<Written<AccountRecord>> {
    try {
      return (await this.accounts.create({ ...account, contactChannels: [...account.contactChannels] })).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) return DUPLICATE;
      throw err;
    }
  }

  async update(id: string, tenantId: string, changes: AccountChanges): Promise<Written<AccountRecord | undefined>> {
    try {
      const updated = await this.accounts
        .findOneAndUpdate({ _id: id, tenantId }, { $set: changes }, { returnDocument: 'after', runValidators: true })
        .lean<AccountRecord>()
        .exec();
      return updated ?? undefined;
    } catch (err) {
      if (isDuplicateKey(err)) return DUPLICATE;
      throw err;
    }
  }
}
