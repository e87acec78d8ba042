import type { RecoveryCaseFieldsFragment } from '../gql/graphql';

export type SlaTimer = RecoveryCaseFieldsFragment['sla'][number];

/** Seconds left on a timer at `now`: an active timer runs down to its due time; a paused one holds still. */
export function secondsLeft(timer: SlaTimer, fetchedAt: number, now = Date.now()): number {
  if (timer.status === 'ACTIVE') {
    if (timer.dueAt) return Math.floor((Date.parse(timer.dueAt) - now) / 1000);
    return timer.remainingSeconds - Math.floor((now - fetchedAt) / 1000);
  }
  return timer.remainingSeconds;
}

/** Cases are done once they can no longer breach: they leave the queue. */
export const CLOSED_CASE_STATUSES = new Set(['RESOLVED', 'REJECTED', 'EXPIRED']);
export const QUEUE_STATUSES = ['OPEN', 'VERIFYING', 'VERIFIED', 'RESET_ISSUED', 'ESCALATED', 'LOCKED', 'REOPENED'] as const;

/** The most urgent timer of a case: breached first, then the least time left among running ones. */
export function mostUrgent(timers: readonly SlaTimer[], fetchedAt: number, now = Date.now()): SlaTimer | undefined {
  const breached = timers.find((timer) => timer.status === 'BREACHED');
  if (breached) return breached;
  const running = timers.filter((timer) => timer.status === 'ACTIVE' || timer.status === 'PAUSED');
  return running.sort((a, b) => secondsLeft(a, fetchedAt, now) - secondsLeft(b, fetchedAt, now))[0];
}
