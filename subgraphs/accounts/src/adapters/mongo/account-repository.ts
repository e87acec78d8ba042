import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type {
  AccountRepository,
  AuditedUpdate,
  NewAccount,
  PendingAccountAction,
  StoredAccountChanges,
  Written,
} from '../../application/ports.js';
import type { AccountRecord } from '../../domain/records.js';
import { unlessDuplicate } from './unless-duplicate.js';

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

  create(account: NewAccount, action: PendingAccountAction): Promise<Written<AccountRecord>> {
    const _id = `acc_${randomUUID()}`;
    return unlessDuplicate(async () => {
      const created = await this.accounts.create({
        _id,
        ...account,
        contactChannels: [...account.contactChannels],
        pendingActions: [{ ...action, accountId: _id }],
      });
      return created.toObject();
    });
  }

  update(
    id: string,
    tenantId: string,
    changes: StoredAccountChanges,
    audit: AuditedUpdate,
  ): Promise<Written<AccountRecord | undefined>> {
    return unlessDuplicate(async () => {
      const updated = await this.accounts
        .findOneAndUpdate(
          { _id: id, tenantId, updatedAt: audit.unchangedSince },
          { $set: changes, $push: { pendingActions: { ...audit.action, accountId: id } } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<AccountRecord>()
        .exec();
      return updated ?? undefined;
    });
  }
}
