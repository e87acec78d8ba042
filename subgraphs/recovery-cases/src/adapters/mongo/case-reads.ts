import type { ContactChangeRecord, RecoveryCaseRecord } from '../../application/case-record.js';
import type { OtherCaseAttempts } from '../../domain/account-failures.js';
import type { BreachFilter, CaseFilter, CaseReads, QueuePosition } from '../../application/ports.js';
import { TERMINAL_STATUSES } from '../../domain/case-lifecycle.js';
import type { ApprovedContactChange } from '../../domain/contact-cooling-off.js';
import { countsAgainstCodeLimit } from '../../domain/delivery-outcome.js';
import type { OtpChallenge } from '../../domain/otp.js';
import type { RecoveryCaseModel } from './recovery-case.model.js';

/** The queries behind lists, reports, loaders and the sweep; each carries its tenant restriction itself. */
export class MongoCaseReads implements CaseReads {
  constructor(private readonly cases: RecoveryCaseModel) {}

  queue(filter: CaseFilter, after: QueuePosition | undefined, limit: number): Promise<RecoveryCaseRecord[]> {
    const afterFilter = after
      ? { $or: [{ openedAt: { $lt: after.openedAt } }, { openedAt: after.openedAt, _id: { $lt: after.id } }] }
      : {};
    return this.cases
      .find({
        tenantId: filter.tenantId,
        ...(filter.statuses?.length ? { status: { $in: [...filter.statuses] } } : {}),
        ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
        ...(filter.accountId ? { accountId: filter.accountId } : {}),
        ...(filter.priority ? { priority: filter.priority } : {}),
        ...afterFilter,
      })
      .sort({ openedAt: -1, _id: -1 })
      .limit(limit)
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  byField(
    field: '_id' | 'accountId' | 'assigneeId' | 'linkedAlertIds',
    values: readonly string[],
    tenantIds: readonly string[],
  ): Promise<RecoveryCaseRecord[]> {
    return this.cases
      .find({ [field]: { $in: [...values] }, tenantId: { $in: [...tenantIds] } })
      .sort({ openedAt: -1 })
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  withBreaches(filter: BreachFilter): Promise<RecoveryCaseRecord[]> {
    return this.cases
      .find({
        tenantId: filter.tenantId,
        'slaEvents.kind': 'BREACHED',
        ...(filter.priority ? { priority: filter.priority } : {}),
        ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
      })
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  openedBetween(tenantId: string, from: Date, to: Date): Promise<RecoveryCaseRecord[]> {
    return this.cases
      .find({ tenantId, openedAt: { $gte: from, $lt: to } })
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  /** Served by the `{ tenantId, accountId, openedAt }` index; an account has few cases. */
  otherCasesWithFailures(tenantId: string, accountId: string, exceptCaseId: string, since: Date): Promise<OtherCaseAttempts[]> {
    return this.cases
      .find(
        {
          tenantId,
          accountId,
          _id: { $ne: exceptCaseId },
          verifications: { $elemMatch: { result: 'FAILED', at: { $gte: since } } },
        },
        { verifications: 1, unlockedAt: 1 },
      )
      .lean<OtherCaseAttempts[]>()
      .exec();
  }

  async codesIssuedOnOtherCases(tenantId: string, accountId: string, exceptCaseId: string, since: Date): Promise<Date[]> {
    const found = await this.cases
      .find(
        { tenantId, accountId, _id: { $ne: exceptCaseId }, 'otpChallenges.issuedAt': { $gte: since } },
        { 'otpChallenges.issuedAt': 1, 'otpChallenges.delivery': 1 },
      )
      .lean<{ otpChallenges: Pick<OtpChallenge, 'issuedAt' | 'delivery'>[] }[]>()
      .exec();
    return found
      .flatMap((c) => c.otpChallenges.filter((o) => countsAgainstCodeLimit(o.delivery)).map((o) => new Date(o.issuedAt)))
      .filter((at) => at >= since);
  }

  /** Served by the `{ tenantId, accountId, openedAt }` index; read only when an address is cooling off (ADR 150). */
  async approvedContactChanges(tenantId: string, accountId: string): Promise<ApprovedContactChange[]> {
    const found = await this.cases
      .find({ tenantId, accountId, 'contactChanges.status': 'APPROVED' }, { contactChanges: 1 })
      .lean<{ contactChanges: Pick<ContactChangeRecord, 'field' | 'newValue' | 'status' | 'decidedAt'>[] }[]>()
      .exec();
    return found.flatMap((c) =>
      c.contactChanges.flatMap((change) =>
        change.status === 'APPROVED' && change.decidedAt
          ? [{ field: change.field, newValue: change.newValue, decidedAt: new Date(change.decidedAt) }]
          : [],
      ),
    );
  }

  async unfinishedOfAccount(tenantId: string, accountId: string): Promise<string[]> {
    const found = await this.cases
      .find({ tenantId, accountId, status: { $nin: [...TERMINAL_STATUSES] } }, { _id: 1 })
      .lean<{ _id: string }[]>()
      .exec();
    return found.map((c) => c._id);
  }

  unfinished(tenantId?: string): Promise<RecoveryCaseRecord[]> {
    return this.cases
      .find({ status: { $nin: [...TERMINAL_STATUSES] }, ...(tenantId ? { tenantId } : {}) })
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }
}
