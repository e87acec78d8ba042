import {
  dueSlaEvents,
  fulfilTimer,
  pauseTimer,
  resumeTimer,
  startTimer,
  targetFor,
  type SlaMetric,
  type SlaPolicy,
} from '../domain/sla.js';
import type { RecoveryCaseRecord } from './case-record.js';

/** SLA clock edits on a case draft: timers and their events move together. */

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
