import type { AlertStatus } from '../../domain/alert-lifecycle.js';
import type { AlertListQuery, AlertStatusWrite, AlertStore } from '../../application/ports.js';
import type { AlertCommentRecord, AlertModel, AlertRecord } from './alert.model.js';

const OPEN_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

/** AlertStore on the alerts collection: every read filters by tenant in the query itself. */
export class MongoAlertStore implements AlertStore {
  constructor(private readonly alerts: AlertModel) {}

  list(query: AlertListQuery): Promise<AlertRecord[]> {
    const filter: Record<string, unknown> = { tenantId: { $in: [...query.tenantIds] } };
    if (query.statuses?.length) filter.status = { $in: [...query.statuses] };
    if (query.severities !== undefined) filter.severity = { $in: [...query.severities] };
    if (query.ruleIds?.length) filter.ruleId = { $in: [...query.ruleIds] };
    if (query.accountId !== undefined) filter.accountId = query.accountId;
    if (!query.includeAuditOnly) filter.mode = 'ALERT';
    if (query.after !== undefined) {
      // Newest first; ties on raisedAt broken by id so pages never overlap or skip.
      const { raisedAt, id } = query.after;
      filter.$or = [{ raisedAt: { $lt: raisedAt } }, { raisedAt, _id: { $lt: id } }];
    }
    return this.alerts.find(filter).sort({ raisedAt: -1, _id: -1 }).limit(query.limit).lean<AlertRecord[]>();
  }

  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AlertRecord[]> {
    return this.alerts.find({ _id: { $in: [...ids] }, tenantId: { $in: [...tenantIds] } }).lean<AlertRecord[]>();
  }

  openOn(accountIds: readonly string[], tenantIds: readonly string[]): Promise<Pick<AlertRecord, 'accountId' | 'severity'>[]> {
    return this.alerts
      .find(
        { accountId: { $in: [...accountIds] }, status: { $in: OPEN_STATUSES }, mode: 'ALERT', tenantId: { $in: [...tenantIds] } },
        { accountId: 1, severity: 1 },
      )
      .lean<Pick<AlertRecord, 'accountId' | 'severity'>[]>();
  }

  raisedBetween(tenantId: string, since: Date, until: Date): Promise<AlertRecord[]> {
    return this.alerts
      .find(
        { tenantId, mode: 'ALERT', raisedAt: { $gte: since, $lte: until } },
        { tenantId: 1, ruleId: 1, status: 1, raisedAt: 1, acknowledgedAt: 1, closedAt: 1 },
      )
      .lean<AlertRecord[]>();
  }

  setAssignee(id: string, assignee: string | null): Promise<AlertRecord | null> {
    const update = assignee === null ? { $unset: { assignee: 1 } } : { $set: { assignee } };
    return this.alerts.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean<AlertRecord>();
  }

  addComment(id: string, comment: AlertCommentRecord, maxComments: number): Promise<AlertRecord | null> {
    return this.alerts
      .findOneAndUpdate(
        { _id: id, [`comments.${maxComments - 1}`]: { $exists: false } },
        { $push: { comments: comment } },
        { returnDocument: 'after' },
      )
      .lean<AlertRecord>();
  }

  changeStatus(id: string, write: AlertStatusWrite): Promise<AlertRecord | null> {
    const unset = Object.fromEntries(write.unset.map((field) => [field, 1]));
    return this.alerts
      .findOneAndUpdate(
        { _id: id, status: write.from },
        {
          $set: write.set,
          ...(write.unset.length > 0 ? { $unset: unset } : {}),
          $push: { history: { $each: [...write.history] } },
        },
        { returnDocument: 'after' },
      )
      .lean<AlertRecord>();
  }
}
