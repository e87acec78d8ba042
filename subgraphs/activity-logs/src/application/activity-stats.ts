/**
 * Dashboard statistics for a tenant and time range, computed by MongoDB aggregation pipelines over the
 * (tenantId, occurredAt) index: counts by type / outcome / hour, failed-login rate, top IPs and countries.
 */
import { requireTenantAccess, invalidInput, type Identity } from '@vigil/core';
import { canSeePii } from '../domain/pii.js';
import type { ActivityModels } from './ports.js';

export const MAX_STATS_RANGE_DAYS = 366;
const TOP_LIMIT = 10;
const LOGIN_SUCCESS_TYPES = ['user.session.start', 'user.authentication.sso', 'user.authentication.auth_via_mfa'];
const LOGIN_FAILURE_TYPE = 'user.authentication.failed';

export interface CountByKey {
  readonly key: string;
  readonly count: number;
}

export interface ActivityStats {
  readonly tenantId: string;
  readonly from: Date;
  readonly to: Date;
  readonly total: number;
  readonly byType: readonly CountByKey[];
  readonly byOutcome: readonly CountByKey[];
  /** Hour buckets (`2026-03-01T14:00:00Z`), oldest first; hours without events are absent. */
  readonly byHour: readonly CountByKey[];
  readonly failedLogins: number;
  readonly successfulLogins: number;
  /** failed / (failed + successful); null when there were no logins. */
  readonly failedLoginRate: number | null;
  /** Null for roles that see PII masked. */
  readonly topIps: readonly CountByKey[] | null;
  readonly topCountries: readonly CountByKey[];
}

export class ActivityStatsService {
  constructor(private readonly models: ActivityModels) {}

  async stats(identity: Identity, tenantId: string, from: Date, to: Date): Promise<ActivityStats> {
    requireTenantAccess(identity, tenantId);
    if (from >= to) throw invalidInput('from must be before to.', { from: 'before to' });
    if (to.getTime() - from.getTime() > MAX_STATS_RANGE_DAYS * 86_400_000) {
      throw invalidInput(`The range is at most ${MAX_STATS_RANGE_DAYS} days; use exports for longer periods.`, {
        to: `≤ ${MAX_STATS_RANGE_DAYS} days after from`,
      });
    }
    const match = { $match: { tenantId, occurredAt: { $gte: from, $lt: to }, purgedAt: { $exists: false } } };
    const countBy = (field: string, limit?: number) => [
      match,
      { $group: { _id: field, count: { $sum: 1 } } },
      { $sort: { count: -1, _id: 1 } },
      ...(limit ? [{ $limit: limit }] : []),
    ];
    const run = async (pipeline: object[]): Promise<CountByKey[]> => {
      const rows = await this.models.events.aggregate<{ _id: unknown; count: number }>(pipeline as never[]).exec();
      return rows
        .filter((row) => row._id !== null && row._id !== undefined)
        .map((row) => ({ key: String(row._id), count: row.count }));
    };
    const showIps = canSeePii(identity.roles);
    const [byType, byOutcome, byHourUnsorted, topIps, topCountries] = await Promise.all([
      run(countBy('$type')),
      run(countBy('$outcome')),
      run([
        match,
        { $group: { _id: { $dateToString: { date: '$occurredAt', format: '%Y-%m-%dT%H:00:00Z' } }, count: { $sum: 1 } } },
      ]),
      showIps ? run(countBy('$ip', TOP_LIMIT)) : Promise.resolve(null),
      run(countBy('$geo.country', TOP_LIMIT)),
    ]);
    const byHour = [...byHourUnsorted].sort((a, b) => a.key.localeCompare(b.key));
    const count = (type: string) => byType.find((row) => row.key === type)?.count ?? 0;
    const failedLogins = count(LOGIN_FAILURE_TYPE);
    const successfulLogins = LOGIN_SUCCESS_TYPES.reduce((sum, type) => sum + count(type), 0);
    return {
      tenantId,
      from,
      to,
      total: byType.reduce((sum, row) => sum + row.count, 0),
      byType,
      byOutcome,
      byHour,
      failedLogins,
      successfulLogins,
      failedLoginRate: failedLogins + successfulLogins === 0 ? null : failedLogins / (failedLogins + successfulLogins),
      topIps,
      topCountries,
    };
  }
}
