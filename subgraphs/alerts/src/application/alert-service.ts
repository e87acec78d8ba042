import { requireTenantAccess, type Identity } from '@vigil/core';
import { invalidInput, missing } from '@vigil/core/domain';
import type { AlertStatus } from '../domain/alert-lifecycle.js';
import { accountRiskScore, ruleMetrics, type RuleMetrics } from '../domain/alert-metrics.js';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity.js';
import type { AlertRecord } from '../adapters/mongo/alert.model.js';
import type { AlertPosition, AlertStore } from './ports.js';

export type { AlertPosition } from './ports.js';

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
  constructor(private readonly alerts: AlertStore) {}

  list(identity: Identity, query: AlertQuery): Promise<AlertRecord[]> {
    if (query.tenantId !== undefined) requireTenantAccess(identity, query.tenantId);
    const { minSeverity } = query;
    return this.alerts.list({
      tenantIds: query.tenantId !== undefined ? [query.tenantId] : identity.tenantIds,
      statuses: query.statuses,
      severities: minSeverity === undefined ? undefined : SEVERITIES.filter((s) => severityRank(s) >= severityRank(minSeverity)),
      ruleIds: query.ruleIds,
      accountId: query.accountId,
      includeAuditOnly: query.includeAuditOnly ?? false,
      limit: query.limit,
      after: query.after,
    });
  }

  /** Many alerts by id in one query (DataLoader batch), filtered to the caller's tenants. */
  async byIds(identity: Identity, ids: readonly string[]): Promise<(AlertRecord | null)[]> {
    const records = await this.alerts.byIds(ids, identity.tenantIds);
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
    const open = await this.alerts.openOn(accountIds, identity.tenantIds);
    return accountIds.map((accountId) => {
      const mine = open.filter((alert) => alert.accountId === accountId);
      return { score: accountRiskScore(mine), open: mine.length };
    });
  }

  async metrics(identity: Identity, tenantId: string, since: Date, until: Date): Promise<RuleMetrics[]> {
    requireTenantAccess(identity, tenantId);
    const records = await this.alerts.raisedBetween(tenantId, since, until);
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
