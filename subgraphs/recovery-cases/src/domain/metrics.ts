import type { CaseStatus } from './case-lifecycle.js';

/**
 * Recovery-floor metrics over a set of cases (one tenant, one period, chosen by the caller).
 * - First-contact resolution: resolved cases, never reopened, with at most one inbound customer contact.
 * - Time to recover: opened → resolved, median over resolved cases.
 * - SLA compliance: finished or breached timers that did not breach, over all such timers.
 * - Failed verification rate: FAILED attempts over all attempts.
 * - Per agent: cases the agent closed (resolved or rejected) and their median handle time (assigned → closed).
 */
export interface CaseFacts {
  readonly status: CaseStatus;
  readonly assigneeId?: string;
  readonly openedAt: Date;
  readonly assignedAt?: Date;
  readonly closedAt?: Date;
  readonly reopenCount: number;
  readonly inboundContacts: number;
  readonly verificationResults: readonly ('PASSED' | 'FAILED' | 'EXPIRED')[];
  /** One entry per SLA timer that is decided: fulfilled in time (false) or breached (true). */
  readonly slaOutcomes: readonly { readonly breached: boolean }[];
}

export interface AgentPerformance {
  readonly agentId: string;
  readonly casesHandled: number;
  readonly medianHandleTimeMs: number | null;
}

export interface RecoveryMetrics {
  readonly casesOpened: number;
  readonly casesResolved: number;
  /** Ratios in [0, 1]; null when there is nothing to divide by. */
  readonly firstContactResolutionRate: number | null;
  readonly medianTimeToRecoverMs: number | null;
  readonly slaCompliance: number | null;
  readonly failedVerificationRate: number | null;
  readonly perAgent: readonly AgentPerformance[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function computeMetrics(cases: readonly CaseFacts[]): RecoveryMetrics {
  const resolved = cases.filter((c) => c.status === 'RESOLVED' && c.closedAt);
  const fcr = resolved.filter((c) => c.reopenCount === 0 && c.inboundContacts <= 1).length;
  const attempts = cases.flatMap((c) => c.verificationResults);
  const sla = cases.flatMap((c) => c.slaOutcomes);

  const byAgent = new Map<string, number[]>();
  for (const c of cases) {
    if (!c.assigneeId || !c.closedAt || (c.status !== 'RESOLVED' && c.status !== 'REJECTED')) continue;
    const handle = c.closedAt.getTime() - (c.assignedAt ?? c.openedAt).getTime();
    byAgent.set(c.assigneeId, [...(byAgent.get(c.assigneeId) ?? []), handle]);
  }

  return {
    casesOpened: cases.length,
    casesResolved: resolved.length,
    firstContactResolutionRate: ratio(fcr, resolved.length),
    medianTimeToRecoverMs: median(resolved.map((c) => c.closedAt!.getTime() - c.openedAt.getTime())),
    slaCompliance: ratio(sla.filter((o) => !o.breached).length, sla.length),
    failedVerificationRate: ratio(attempts.filter((r) => r === 'FAILED').length, attempts.length),
    perAgent: [...byAgent.entries()]
      .map(([agentId, times]) => ({ agentId, casesHandled: times.length, medianHandleTimeMs: median(times) }))
      .sort((a, b) => a.agentId.localeCompare(b.agentId)),
  };
}
