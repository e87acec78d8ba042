import { OWNED_ENTITIES } from '@vigil/core';
import type { Connection } from 'mongoose';
import type { RecoveriesUnderWay, RecoveryUnderWay } from '../../application/ports.js';
import type { ApprovedContact } from '../../domain/contact-change-approval.js';

/** recovery-cases' statuses of a finished case (its documented model): any other is a recovery under way. */
const FINISHED_STATUSES = ['RESOLVED', 'REJECTED', 'EXPIRED'];

interface StoredContactChange {
  readonly field?: unknown;
  readonly newValue?: unknown;
  readonly status?: unknown;
}

interface StoredCase {
  readonly _id: string;
  readonly contactChanges?: readonly StoredContactChange[];
}

function approved(change: StoredContactChange): change is ApprovedContact & StoredContactChange {
  return (
    change.status === 'APPROVED' && (change.field === 'EMAIL' || change.field === 'PHONE') && typeof change.newValue === 'string'
  );
}

/**
 * Reads recovery-cases' collection directly, read-only, on the same MongoDB deployment (ADR 040): whether a recovery
 * of the account is under way must come from the system of record, synchronously, in the update it guards.
 */
export class MongoRecoveriesUnderWay implements RecoveriesUnderWay {
  private readonly db: Connection;

  constructor(connection: Connection) {
    this.db = connection.useDb(OWNED_ENTITIES.recoveryCase.dbName, { useCache: true });
  }

  async ofAccount(tenantId: string, accountId: string): Promise<RecoveryUnderWay[]> {
    const cases = await this.db
      .collection<StoredCase>(OWNED_ENTITIES.recoveryCase.collection)
      .find({ tenantId, accountId, status: { $nin: FINISHED_STATUSES } }, { projection: { contactChanges: 1 } })
      .toArray();
    return cases.map((c) => ({
      caseId: String(c._id),
      approvedContacts: (c.contactChanges ?? []).filter(approved).map(({ field, newValue }) => ({ field, newValue })),
    }));
  }
}
