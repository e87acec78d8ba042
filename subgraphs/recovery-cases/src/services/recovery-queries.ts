import { assertTenantAccess, tenantFilter, type Identity } from '@vigil/core';
import type { CaseStatus } from '../domain/case-lifecycle.js';
import { computeMetrics, type CaseFacts, type RecoveryMetrics } from '../domain/metrics.js';
import { timerState, type SlaMetric } from '../domain/sla.js';
import type { CasePriority } from '../domain/vocabulary.js';
import type { RecoveryCaseModel, RecoveryCaseRecord } from '../models/recovery-case.js';
import type { SettingsService } from './settings-service.js';
import type { SlaSweeper } from './sla-sweeper.js';

export const MAX_PAGE = 200;

export interface CaseFilter {
  readonly tenantId: string;
  readonly statuses?: readonly CaseStatus[];
  readonly assigneeId?: string;
  readonly accountId?: string;
  readonly priority?: CasePriority;
}

export interface BreachFilter {
  readonly tenantId: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly metric?: SlaMetric;
  readonly priority?: CasePriority;
  readonly assigneeId?: string;
}

export interface SlaBreach {
  readonly record: RecoveryCaseRecord;
  readonly metric: SlaMetric;
  readonly breachedAt: Date;
  readonly targetMs: number;
}

/** Reads, always scoped to the caller's tenants in the query itself (not only in shield). */
export class RecoveryQueries {
  constructor(
    private readonly cases: RecoveryCaseModel,
    private readonly settings: SettingsService,
    private readonly sweeper: SlaSweeper,
    private readonly clock: () => Date,
  ) {}

  async list(identity: Identity, filter: CaseFilter, first: number): Promise<RecoveryCaseRecord[]> {
    assertTenantAccess(identity, filter.tenantId);
    return this.cases
      .find({
        tenantId: filter.tenantId,
        ...(filter.statuses?.length ? { status: { $in: [...filter.statuses] } } : {}),
        ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
        ...(filter.accountId ? { accountId: filter.accountId } : {}),
        ...(filter.priority ? { priority: filter.priority } : {}),
      })
      .sort({ openedAt: -1 })
      .limit(Math.min(Math.max(first, 1), MAX_PAGE))
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  /** One query for many ids / accounts / agents / alerts: the DataLoaders' batch functions. */
  async byField(
    identity: Identity,
    field: '_id' | 'accountId' | 'assigneeId' | 'linkedAlertIds',
    values: readonly string[],
  ): Promise<RecoveryCaseRecord[]> {
    return this.cases
      .find({ [field]: { $in: [...values] }, ...tenantFilter(identity) })
      .sort({ openedAt: -1 })
      .lean<RecoveryCaseRecord[]>()
      .exec();
  }

  /** Breaches recorded in the period; open cases are swept first so a breach is never reported late. */
  async slaBreaches(identity: Identity, filter: BreachFilter): Promise<SlaBreach[]> {
    assertTenantAccess(identity, filter.tenantId);
    await this.sweeper.sweep(filter.tenantId);
    const found = await this.cases
      .find({
        tenantId: filter.tenantId,
        'slaEvents.kind': 'BREACHED',
        ...(filter.priority ? { priority: filter.priority } : {}),
        ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
      })
      .lean<RecoveryCaseRecord[]>()
      .exec();
    const breaches: SlaBreach[] = [];
    for (const record of found) {
      for (const timer of record.slaTimers) {
        if (!timer.breachedAt) continue;
        const at = new Date(timer.breachedAt);
        if (
          (filter.metric && timer.metric !== filter.metric) ||
          (filter.from && at < filter.from) ||
          (filter.to && at >= filter.to)
        )
          continue;
        breaches.push({ record, metric: timer.metric, breachedAt: at, targetMs: timer.targetMs });
      }
    }
    return breaches.sort((a, b) => b.breachedAt.getTime() - a.breachedAt.getTime());
  }

  /** Metrics over the cases opened in [from, to). */
  async metrics(identity: Identity, tenantId: string, from: Date, to: Date): Promise<RecoveryMetrics> {
    assertTenantAccess(identity, tenantId);
    const { sla } = await this.settings.forTenant(tenantId);
    const now = this.clock();
    const found = await this.cases
      .find({ tenantId, openedAt: { $gte: from, $lt: to } })
      .lean<RecoveryCaseRecord[]>()
      .exec();
    const facts: CaseFacts[] = found.map((c) => ({
      status: c.status,
      assigneeId: c.assigneeId,
      openedAt: c.openedAt,
      assignedAt: c.assignedAt,
      closedAt: c.milestones.closedAt,
      reopenCount: c.reopenCount,
      inboundContacts: c.interactions.filter((i) => i.direction === 'INBOUND').length,
      verificationResults: c.verifications.map((v) => v.result),
      slaOutcomes: c.slaTimers
        .map((t) => timerState(t, sla.schedule, now).status)
        .filter((s) => s === 'FULFILLED' || s === 'BREACHED')
        .map((s) => ({ breached: s === 'BREACHED' })),
    }));
    return computeMetrics(facts);
  }
}
