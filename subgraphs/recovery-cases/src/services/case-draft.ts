import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core';
import type { AgentActionName } from '../domain/agent-actions.js';
import { isTerminal, transition, type CaseStatus, type TransitionActor } from '../domain/case-lifecycle.js';
import {
  dueSlaEvents,
  fulfilTimer,
  isRunning,
  pauseTimer,
  reactivateTimer,
  resumeTimer,
  startTimer,
  targetFor,
  type SlaMetric,
  type SlaPolicy,
} from '../domain/sla.js';
import type { CaseMilestones, RecoveryCaseRecord } from '../models/recovery-case.js';

/**
 * Edits on a case draft inside `CaseStore.update`: each keeps history, milestones, SLA timers and the
 * agent-action outbox consistent with the others, so no command can change one and forget the rest.
 */

/** The identity of a person, as the state machine sees it. */
export function personOf(identity: Identity): TransitionActor {
  return { kind: 'person', id: identity.subject, roles: identity.roles };
}

const MILESTONE_OF: Partial<Record<CaseStatus, keyof CaseMilestones>> = {
  VERIFYING: 'verificationStartedAt',
  VERIFIED: 'verifiedAt',
  RESET_ISSUED: 'resetIssuedAt',
  RESOLVED: 'resolvedAt',
  REJECTED: 'rejectedAt',
  ESCALATED: 'escalatedAt',
  LOCKED: 'lockedAt',
  EXPIRED: 'expiredAt',
  REOPENED: 'reopenedAt',
};

/** Queues an `agent.action.*` event; it is written with the case and published by the relay. */
export function emitAction(
  draft: RecoveryCaseRecord,
  agentId: string,
  action: AgentActionName,
  now: Date,
  metadata: Record<string, unknown> = {},
): void {
  draft.pendingActions.push({
    actionId: randomUUID(),
    tenantId: draft.tenantId,
    accountId: draft.accountId,
    agentId,
    action,
    caseId: draft._id,
    occurredAt: now.toISOString(),
    metadata,
  });
}

/** Records warning / breach events that are due on every timer (before a timer is stopped, too). */
export function recordDueSlaEvents(draft: RecoveryCaseRecord, policy: SlaPolicy, now: Date): number {
  let recorded = 0;
  draft.slaTimers = draft.slaTimers.map((timer) => {
    let next = timer;
    for (const event of dueSlaEvents(timer, policy, now)) {
      draft.slaEvents.push({ metric: timer.metric, kind: event.kind, at: event.at });
      next = event.kind === 'WARNING' ? { ...next, warnedAt: event.at } : { ...next, breachedAt: event.at };
      recorded++;
    }
    return next;
  });
  return recorded;
}

function activeTimerIndex(draft: RecoveryCaseRecord, metric: SlaMetric): number {
  for (let i = draft.slaTimers.length - 1; i >= 0; i--) {
    const timer = draft.slaTimers[i]!;
    if (timer.metric === metric && !timer.fulfilledAt) return i;
  }
  return -1;
}

export function startSla(draft: RecoveryCaseRecord, policy: SlaPolicy, metric: SlaMetric, now: Date): void {
  if (activeTimerIndex(draft, metric) >= 0) return;
  draft.slaTimers.push(startTimer(metric, targetFor(policy, draft.priority, metric), now));
  draft.slaEvents.push({ metric, kind: 'ACTIVATED', at: now });
}

export function fulfilSla(draft: RecoveryCaseRecord, policy: SlaPolicy, metric: SlaMetric, now: Date): void {
  const index = activeTimerIndex(draft, metric);
  if (index < 0) return;
  recordDueSlaEvents(draft, policy, now);
  draft.slaTimers[index] = fulfilTimer(draft.slaTimers[index]!, now);
  draft.slaEvents.push({ metric, kind: 'FULFILLED', at: now });
}

/** The customer is (not) the one we are waiting for: resolution and next-response clocks stop (run). */
export function setWaiting(draft: RecoveryCaseRecord, waiting: boolean, now: Date): void {
  if (draft.waitingOnCustomer === waiting) return;
  draft.waitingOnCustomer = waiting;
  draft.slaTimers = draft.slaTimers.map((timer) => {
    if (timer.fulfilledAt || timer.metric === 'FIRST_RESPONSE') return timer;
    const next = waiting ? pauseTimer(timer, now) : resumeTimer(timer, now);
    if (next !== timer) draft.slaEvents.push({ metric: timer.metric, kind: waiting ? 'PAUSED' : 'RESUMED', at: now });
    return next;
  });
}

/** An agent answered the customer: first response (once) and the current next-response cycle are met. */
export function agentResponded(draft: RecoveryCaseRecord, policy: SlaPolicy, now: Date): void {
  if (!draft.milestones.firstResponseAt) {
    draft.milestones.firstResponseAt = now;
    fulfilSla(draft, policy, 'FIRST_RESPONSE', now);
  }
  fulfilSla(draft, policy, 'NEXT_RESPONSE', now);
}

/**
 * Moves the case (checked by the state machine), records the transition and milestone, runs the SLA
 * consequences and queues the `case.status_changed` action.
 */
export function moveCase(
  draft: RecoveryCaseRecord,
  to: CaseStatus,
  actor: TransitionActor,
  reason: string,
  policy: SlaPolicy,
  now: Date,
): void {
  const from = draft.status;
  const record = transition(from, to, actor, reason, now);
  draft.history.push(record);
  draft.status = to;
  const milestone = MILESTONE_OF[to];
  if (milestone) draft.milestones[milestone] = now;

  if (isTerminal(to)) {
    draft.milestones.closedAt = now;
    setWaiting(draft, false, now);
    for (const metric of ['FIRST_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION'] as const) fulfilSla(draft, policy, metric, now);
  } else if (to === 'REOPENED') {
    draft.reopenCount += 1;
    delete draft.milestones.closedAt;
    const index = draft.slaTimers.findLastIndex((t) => t.metric === 'RESOLUTION');
    if (index >= 0 && !isRunning(draft.slaTimers[index]!)) {
      draft.slaTimers[index] = reactivateTimer(draft.slaTimers[index]!, now);
      draft.slaEvents.push({ metric: 'RESOLUTION', kind: 'RESUMED', at: now });
    }
  }
  emitAction(draft, record.actorId, 'case.status_changed', now, { from, to, reason: record.reason });
}
