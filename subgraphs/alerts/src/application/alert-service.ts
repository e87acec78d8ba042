import { requireTenantAccess, tenantFilter, type Identity } from '@vigil/core';
import { invalidInput, missing } from '@vigil/core/domain';
import type { AlertStatus } from '../domain/alert-lifecycle.js';
import { accountRiskScore, ruleMetrics, type RuleMetrics } from '../domain/alert-metrics.js';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity.js';
import type { AlertModel, AlertRecord } from '../adapters/mongo/alert.model.js';

export interface AlertQuery {
  readonly tenantId?: string;
  readonly statuses?: readonly AlertStatus[];
  readonly minSeverity?: Severity;
  readonly ruleIds?: readonly string[];
  readonly accountId?: string;
  readonly includeAuditOnly?: boolean;
  /** Rows to read; the resolver asks for one more than the page to learn whether another page follows. */
  readonly limit: number;
  /** Where the previous page ended (newest first): read strictly after it. */
  readonly after?: AlertPosition;
}

const OPEN_STATUSES: AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

/** An alert's place in the newest-first list: what a page cursor holds. */
export interface AlertPosition {
  readonly raisedAt: Date;
  readonly id: string;
}

/** `<raisedAt ms>:<id>`: the cursor key of an alert (encoded opaquely by the connection helper). */
export function positionKey(alert: Pick<AlertRecord, '_id' | 'raisedAt'>): string {
  return `${alert.raisedAt.getTime()}:${alert._id}`;
}

/** The position in a cursor key, or BAD_USER_INPUT when the key is not one `positionKey` wrote. */
export function parsePosition(key: string | null): AlertPosition {
  const match = key === null ? null : /^(\d{1,15}):(.{1,128})$/.exec(key);
  if (match === null) throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  return { raisedAt: new Date(Number(match[1])), id: match[2] as string };
}

/** Alert reads (lifecycle changes are AlertWorkflow's), always scoped to the caller's tenants in the query itself. */
export class AlertService {
  constructor(private readonly alerts: AlertModel) {}

  async list(identity: Identity, query: AlertQuery): Promise<AlertRecord[]> {
    if (query.tenantId !== undefined) requireTenantAccess(identity, query.tenantId);
    const filter: Record<string, unknown> = query.tenantId !== undefined ? { tenantId: query.tenantId } : tenantFilter(identity);
    if (query.statuses?.length) filter.status = { $in: [...query.statuses] };
    if (query.minSeverity !== undefined)
      filter.severity = { $in: SEVERITIES.filter((s) => severityRank(s) >= severityRank(query.minSeverity as Severity)) };
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
    requireTenantAccess(identity, tenantId);
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
