import { isRole, type Role } from '@vigil/core';
import type { Connection } from 'mongoose';
import type { RegisteredChannel } from '../domain/reset-token.js';
import type { AccountDirectory, RegisteredContact, StaffMember } from '../application/ports.js';
import { fieldOfChannel } from '../domain/contact-cooling-off.js';

/** The accounts subgraph's database; override when the stack names it differently. */
export const DEFAULT_ACCOUNTS_DB_NAME = 'vigil_accounts';

interface StoredChannel {
  readonly type: string;
  readonly address: string;
  readonly verified?: boolean;
}
interface StoredAccount {
  readonly _id: string;
  readonly tenantId: string;
  readonly email?: string;
  readonly phone?: string;
  readonly contactChannels?: readonly StoredChannel[];
  readonly contactChangedAt?: { readonly EMAIL?: Date; readonly PHONE?: Date };
}
interface StoredAgent {
  readonly _id: string;
  readonly roles?: readonly string[];
  readonly tenantIds?: readonly string[];
  readonly availability?: string;
}

/**
 * Reads the accounts subgraph's collections directly, read-only, on the same MongoDB deployment.
 * Why not through the graph: the contact details a code or reset link goes to must come from the system
 * of record without the agent's token (an AGENT sees them masked), and a synchronous read keeps the
 * reset path free of a second network hop. The field names used are accounts' documented model
 * (`accounts.contactChannels / contactChangedAt`, `agents.roles / tenantIds / availability`).
 */
export class MongoAccountDirectory implements AccountDirectory {
  private readonly db: Connection;

  constructor(connection: Connection, accountsDbName = DEFAULT_ACCOUNTS_DB_NAME) {
    this.db = connection.useDb(accountsDbName, { useCache: true });
  }

  async accountExists(tenantId: string, accountId: string): Promise<boolean> {
    return (await this.account(tenantId, accountId)) !== null;
  }

  async registeredChannel(
    tenantId: string,
    accountId: string,
    type?: RegisteredChannel['type'],
  ): Promise<RegisteredContact | undefined> {
    const account = await this.account(tenantId, accountId);
    if (!account) return undefined;
    const verified = (wanted: RegisteredChannel['type']) =>
      account.contactChannels?.find((c) => c.type === wanted && c.verified !== false)?.address ??
      (wanted === 'EMAIL' ? account.email : account.phone);
    for (const candidate of type ? [type] : (['EMAIL', 'SMS'] as const)) {
      const address = verified(candidate);
      if (address)
        return { channel: { type: candidate, address }, changedAt: account.contactChangedAt?.[fieldOfChannel(candidate)] };
    }
    return undefined;
  }

  async tenantStaff(tenantId: string): Promise<StaffMember[]> {
    const agents = await this.db
      .collection<StoredAgent>('agents')
      .find({ tenantIds: tenantId }, { projection: { roles: 1, availability: 1 } })
      .toArray();
    return agents.map((a) => ({
      id: a._id,
      roles: (a.roles ?? []).filter(isRole) as Role[],
      available: a.availability === 'AVAILABLE',
    }));
  }

  private account(tenantId: string, accountId: string): Promise<StoredAccount | null> {
    return this.db
      .collection<StoredAccount>('accounts')
      .findOne(
        { _id: accountId, tenantId },
        { projection: { tenantId: 1, email: 1, phone: 1, contactChannels: 1, contactChangedAt: 1 } },
      );
  }
}
