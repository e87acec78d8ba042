import { pageSize } from '@vigil/core';
import { invalidInput, requireTenantAccess, type Identity } from '@vigil/core/domain';
import { computeMetrics, type CaseFacts, type RecoveryMetrics } from '../domain/metrics.js';
import { CASE_PAGE } from '../domain/paging.js';
import { timerState } from '../domain/sla.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { CaseFilter, CaseReads, QueuePosition } from './ports.js';
import type { SettingsService } from './settings.js';

/** A case's place in the queue order, as a cursor key: `openedAt` in ms, then the id (ids may contain `:`). */
export function queueKey(record: RecoveryCaseRecord): string {
  return `${new Date(record.openedAt).getTime()}:${record._id}`;
}

function queuePosition(key: string): QueuePosition {
  const match = /^(\d{1,15}):(.+)$/.exec(key);
  if (!match) throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  return { openedAt: new Date(Number(match[1])), id: match[2]! };
}

/** Reads, always scoped to the caller's tenants in the query itself (not only in shield). */
export class RecoveryQueries {
  constructor(
    private readonly reads: CaseReads,
    private readonly settings: SettingsService,
    private readonly clock: () => Date,
  ) {}

  /** The queue, newest first: one more than `first` (the connection tells a next page from it). */
  async queue(
    identity: Identity,
    filter: CaseFilter,
    first: number,
    afterKey: string | undefined,
  ): Promise<RecoveryCaseRecord[]> {
    requireTenantAccess(identity, filter.tenantId);
    pageSize(first, CASE_PAGE);
    return this.reads.queue(filter, afterKey === undefined ? undefined : queuePosition(afterKey), first + 1);
  }

  byField(
    identity: Identity,
    field: '_id' | 'accountId' | 'assigneeId' | 'linkedAlertIds',
    values: readonly string[],
  ): Promise<RecoveryCaseRecord[]> {
    return this.reads.byField(field, values, identity.tenantIds);
  }

  /** Metrics over the cases opened in [from, to). */
  async metrics(identity: Identity, tenantId: string, from: Date, to: Date): Promise<RecoveryMetrics> {
    requireTenantAccess(identity, tenantId);
    const { sla } = await this.settings.forTenant(tenantId);
    const now = this.clock();
    const found = await this.reads.openedBetween(tenantId, from, to);
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

/**
 * One page of an entity's cases already read by a loader (Account.recoveryCases, Agent.assignedCases): the same
 * order and cursor as the queue (newest first, id breaks ties), cut in memory because the loader batches one
 * read for all entities of a request. Returns up to `first + 1` records, like `queue`.
 */
export function pageOfLoaded(
  records: readonly RecoveryCaseRecord[],
  first: number,
  afterKey: string | undefined,
): RecoveryCaseRecord[] {
  pageSize(first, CASE_PAGE);
  const after = afterKey === undefined ? undefined : queuePosition(afterKey);
  const newestFirst = [...records].sort(
    (a, b) => new Date(b.openedAt).getTime() - new Date(a.openedAt).getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0),
  );
  const rest = after
    ? newestFirst.filter((r) => {
        const openedAt = new Date(r.openedAt).getTime();
        return openedAt < after.openedAt.getTime() || (openedAt === after.openedAt.getTime() && r._id < after.id);
      })
    : newestFirst;
  return rest.slice(0, first + 1);
}
