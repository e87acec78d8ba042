import { pageSize } from '@vigil/core';
import { invalidInput, requireTenantAccess, type Identity } from '@vigil/core/domain';
import { BREACH_PAGE } from '../domain/paging.js';
import type { SlaMetric } from '../domain/sla.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { BreachFilter, CaseReads } from './ports.js';
import type { SlaSweeper } from './sla-sweep.js';

export interface SlaBreach {
  readonly record: RecoveryCaseRecord;
  readonly metric: SlaMetric;
  readonly breachedAt: Date;
  readonly targetMs: number;
}

/** A breach's place in the report order (newest first, then case id, then metric), as a cursor key. */
export function breachKey(breach: SlaBreach): string {
  return `${breach.breachedAt.getTime()}:${breach.metric}:${breach.record._id}`;
}

interface BreachPosition {
  readonly at: number;
  readonly metric: string;
  readonly caseId: string;
}

const positionOf = (breach: SlaBreach): BreachPosition => ({
  at: breach.breachedAt.getTime(),
  metric: breach.metric,
  caseId: breach.record._id,
});

/** Newest first; ties by case id and metric so the order (and so every cursor) is stable. */
function compare(a: BreachPosition, b: BreachPosition): number {
  return b.at - a.at || a.caseId.localeCompare(b.caseId) || a.metric.localeCompare(b.metric);
}

function positionAt(key: string): BreachPosition {
  const match = /^(\d{1,15}):([A-Z_]+):(.+)$/.exec(key);
  if (!match) throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  return { at: Number(match[1]), metric: match[2]!, caseId: match[3]! };
}

/**
 * Breaches recorded in the period, a page at a time (one more than `first`, for the connection). Open cases are
 * swept first so a breach is never reported late.
 */
export async function slaBreaches(
  deps: { readonly reads: CaseReads; readonly sweeper: SlaSweeper },
  identity: Identity,
  filter: BreachFilter,
  first: number,
  afterKey: string | undefined,
): Promise<SlaBreach[]> {
  requireTenantAccess(identity, filter.tenantId);
  pageSize(first, BREACH_PAGE);
  const after = afterKey === undefined ? undefined : positionAt(afterKey);
  await deps.sweeper.sweep(filter.tenantId);
  const breaches: SlaBreach[] = [];
  for (const record of await deps.reads.withBreaches(filter)) {
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
  breaches.sort((a, b) => compare(positionOf(a), positionOf(b)));
  const start = after ? breaches.findIndex((breach) => compare(positionOf(breach), after) > 0) : 0;
  return start < 0 ? [] : breaches.slice(start, start + first + 1);
}
