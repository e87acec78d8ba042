import { assertTenantAccess, tenantFilter, type Identity } from '@vigil/core';
import { invalidInput, missing } from '@vigil/core/domain';
import { accountRiskScore, ruleMetrics, type AlertStatus, type RuleMetrics } from '../domain/alert-lifecycle.js';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity.js';
import type { AlertModel, AlertRecord } from '../adapters/mongo/alert.model.js';

export interface AlertQuery {
  readonly tenantId?: string;
  readonly statuses?: readonly AlertStatus[];
  readonly minSeverity?: Severity;
  readonly ruleIds?: readonly string[];
  readonly accountId?: string;
  readonly includeAuditOnly?: boolean;
  readonly first: number;
  /** Cursor: the id of the last alert of the previous page. */
  readonly after?: string;
}

const OPEN_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

/** Alert reads (lifecycle changes are AlertWorkflow's), always scoped to the caller's tenants in the query itself. */
export class AlertService {
  constructor(private readonly alerts: AlertModel) {}

  async list(identity: Identity, query: AlertQuery): Promise<AlertRecord[]> {
    if (query.tenantId !== undefined) assertTenantAccess(identity, query.tenantId);
    const filter: Record<string, unknown> = query.tenantId !== undefined ? { tenantId: query.tenantId } : tenantFilter(identity);
    if (query.statuses?.length) filter.status = { $in: [...query.statuses] };
    if (query.minSeverity !== undefined)
      filter.severity = { $in: SEVERITIES.filter((s) => severityRank(s) >= severityRank(query.minSeverity as Severity)) };
    if (query.ruleIds?.length) filter.ruleId = { $in: [...query.ruleIds] };
    if (query.accountId !== undefined) filter.accountId = query.accountId;
    if (!query.includeAuditOnly) filter.mode = 'ALERT';
    if (query.after != null) {
      const cursor = await this.alerts.findOne({ _id: query.after, ...tenantFilter(identity) }, { raisedAt: 1 }).lean();
      if (cursor === null) throw invalidInput('The `after` cursor is not an alert you can see; start again without it.');
      // Newest first; ties on raisedAt broken by id so pages never overlap or skip.
      filter.$or = [{ raisedAt: { $lt: cursor.raisedAt } }, { raisedAt: cursor.raisedAt, _id: { $lt: cursor._id } }];
    }
    return this.alerts.find(filter).sort({ raisedAt: -1, _id: -1 }).limit(query.first).lean<AlertRecord[]>();
  }

  /** Many alerts by id in one query (DataLoader batch), filtered to the caller's tenants. */
  async byIds(identity: Identity, ids: readonly string[]): Promise<(AlertRecord | null)[]> {
    const records = await this.alerts.find({ _id: { $in: [...ids] }, ...tenantFilter(identity) }).lean<AlertRecord[]>();
    const byId = new Map(records.map((record) => [record._id, record]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(identity: Identity, id: string): Promise<AlertRecord> {
    const [record] = await this.byIds(identity, [id]);
    if (!record) throw missing(`No alert ${id} in your tenants.`);
    return record;
  }

  /** Risk score and open count per account, from one query over the accounts' open alerts. */
  async accountRisk(identity: Identity, accountIds: readonly string[]): Promise<{ score: number; open: number }[]> {
    const open = await this.alerts
      .find(
        { accountId: { $in: [...accountIds] }, status: { $in: OPEN_STATUSES }, mode: 'ALERT', ...tenantFilter(identity) },
        { accountId: 1, severity: 1 },
      )
      .lean<Pick<AlertRecord, 'accountId' | 'severity'>[]>();
    return accountIds.map((accountId) => {
      const mine = open.filter((alert) => alert.accountId === accountId);
      return { score: accountRiskScore(mine), open: mine.length };
    });
  }

  async metrics(identity: Identity, tenantId: string, since: Date, until: Date): Promise<RuleMetrics[]> {
    assertTenantAccess(identity, tenantId);
    const records = await this.alerts
      .find(
        { tenantId, mode: 'ALERT', raisedAt: { $gte: since, $lte: until } },
        { tenantId: 1, ruleId: 1, status: 1, raisedAt: 1, acknowledgedAt: 1, closedAt: 1 },
      )
      .lean<AlertRecord[]>();
    return ruleMetrics(
      records.map((record) => ({
        tenantId: record.tenantId,
        ruleId: record.ruleId,
        status: record.status,
        raisedAt: record.raisedAt,
        acknowledgedAt: record.acknowledgedAt ?? undefined,
        closedAt: record.closedAt ?? undefined,
      })),
    );
  }
}
