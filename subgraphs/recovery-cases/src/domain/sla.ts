import { addWorkingMs, workingMsBetween, type SlaSchedule } from './business-hours.js';
import type { CasePriority } from './vocabulary.js';

/**
 * SLA timers in the style of helpdesk tools (Zendesk: activate / pause / fulfill / breach).
 * A timer counts only while it runs: it pauses while the case waits on the customer and counts only
 * business hours when the tenant's policy says so. A timer is a list of running segments, so pausing
 * and resuming need no arithmetic at write time and elapsed time is always recomputable for auditors.
 */
export const SLA_METRICS = ['FIRST_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export interface SlaTargets {
  readonly firstResponseMs: number;
  readonly nextResponseMs: number;
  readonly resolutionMs: number;
}

export interface SlaPolicy {
  readonly schedule: SlaSchedule;
  /** Fraction of the target after which a warning is raised (e.g. 0.75). */
  readonly warnAtFraction: number;
  readonly byPriority: Readonly<Record<CasePriority, SlaTargets>>;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  schedule: { kind: 'ALWAYS' },
  warnAtFraction: 0.75,
  byPriority: {
    URGENT: { firstResponseMs: 15 * MIN, nextResponseMs: 30 * MIN, resolutionMs: 4 * HOUR },
    HIGH: { firstResponseMs: 30 * MIN, nextResponseMs: HOUR, resolutionMs: 8 * HOUR },
    NORMAL: { firstResponseMs: HOUR, nextResponseMs: 4 * HOUR, resolutionMs: 24 * HOUR },
    LOW: { firstResponseMs: 4 * HOUR, nextResponseMs: 8 * HOUR, resolutionMs: 72 * HOUR },
  },
};

/**
 * How many weeks of its schedule an SLA target may need to fall due. When a clock falls due is found by walking the
 * schedule day by day (`addWorkingMs`), for every running clock shown and in every report: a target needing centuries
 * of a thin schedule (90 days of one minute a week) took seconds per clock and blocked the process for every tenant.
 * A year bounds the walk (~370 days) and is far beyond any honest target.
 */
export const MAX_WEEKS_TO_FALL_DUE = 52;

const hours = (ms: number): number => Number((ms / HOUR).toFixed(2));

/** Why the policy's targets cannot all fall due within a year of its schedule, or undefined when they can. */
export function targetsProblem(policy: SlaPolicy): string | undefined {
  const { schedule } = policy;
  if (schedule.kind === 'ALWAYS') return undefined;
  // Distinct days: the same weekday listed twice is still one working day.
  const weeklyMs = new Set(schedule.weekdays).size * Math.max(0, schedule.closeMinute - schedule.openMinute) * MIN;
  const longest = Math.max(
    ...Object.values(policy.byPriority).flatMap((t) => [t.firstResponseMs, t.nextResponseMs, t.resolutionMs]),
  );
  if (longest <= weeklyMs * MAX_WEEKS_TO_FALL_DUE) return undefined;
  return `With ${hours(weeklyMs)} working hours a week, an SLA target of ${hours(longest)} hours would fall due after ${weeklyMs > 0 ? Math.ceil(longest / weeklyMs) : 'infinitely many'} weeks; targets must fall due within a year (${MAX_WEEKS_TO_FALL_DUE} weeks): widen the business hours or shorten the targets.`;
}

export function targetFor(policy: SlaPolicy, priority: CasePriority, metric: SlaMetric): number {
  const t = policy.byPriority[priority];
  return metric === 'FIRST_RESPONSE' ? t.firstResponseMs : metric === 'NEXT_RESPONSE' ? t.nextResponseMs : t.resolutionMs;
}

export interface SlaSegment {
  readonly from: Date;
  readonly to?: Date;
}

export interface SlaTimer {
  readonly metric: SlaMetric;
  readonly targetMs: number;
  readonly segments: readonly SlaSegment[];
  readonly fulfilledAt?: Date;
  /** Set once each, when the warning / breach event was emitted. */
  readonly warnedAt?: Date;
  readonly breachedAt?: Date;
}

export type SlaTimerStatus = 'ACTIVE' | 'PAUSED' | 'FULFILLED' | 'BREACHED';

export function startTimer(metric: SlaMetric, targetMs: number, now: Date): SlaTimer {
  return { metric, targetMs, segments: [{ from: now }] };
}

export function isRunning(timer: SlaTimer): boolean {
  return !timer.fulfilledAt && timer.segments.length > 0 && !timer.segments[timer.segments.length - 1]!.to;
}

function closeOpenSegment(timer: SlaTimer, now: Date): readonly SlaSegment[] {
  return timer.segments.map((s, i) => (i === timer.segments.length - 1 && !s.to ? { from: s.from, to: now } : s));
}

export function pauseTimer(timer: SlaTimer, now: Date): SlaTimer {
  return isRunning(timer) ? { ...timer, segments: closeOpenSegment(timer, now) } : timer;
}

export function resumeTimer(timer: SlaTimer, now: Date): SlaTimer {
  return timer.fulfilledAt || isRunning(timer) ? timer : { ...timer, segments: [...timer.segments, { from: now }] };
}

export function fulfilTimer(timer: SlaTimer, now: Date): SlaTimer {
  return timer.fulfilledAt ? timer : { ...timer, segments: closeOpenSegment(timer, now), fulfilledAt: now };
}

/** A reopened case: the resolution clock runs again from where it stopped. */
export function reactivateTimer(timer: SlaTimer, now: Date): SlaTimer {
  if (!timer.fulfilledAt) return resumeTimer(timer, now);
  const { fulfilledAt: _fulfilledAt, ...rest } = timer;
  return { ...rest, segments: [...timer.segments, { from: now }] };
}

export function elapsedMs(timer: SlaTimer, schedule: SlaSchedule, now: Date): number {
  return timer.segments.reduce((sum, s) => sum + workingMsBetween(schedule, s.from.getTime(), (s.to ?? now).getTime()), 0);
}

export interface SlaTimerState {
  readonly status: SlaTimerStatus;
  readonly elapsedMs: number;
  readonly remainingMs: number;
  /** While running: when it will breach if nothing changes. */
  readonly dueAt?: Date;
}

export function timerState(timer: SlaTimer, schedule: SlaSchedule, now: Date): SlaTimerState {
  const elapsed = elapsedMs(timer, schedule, now);
  const remainingMs = timer.targetMs - elapsed;
  const breached = remainingMs < 0 || timer.breachedAt !== undefined;
  const running = isRunning(timer);
  const status: SlaTimerStatus = breached ? 'BREACHED' : timer.fulfilledAt ? 'FULFILLED' : running ? 'ACTIVE' : 'PAUSED';
  const dueAt = running && remainingMs >= 0 ? new Date(addWorkingMs(schedule, now.getTime(), remainingMs)) : undefined;
  return { status, elapsedMs: elapsed, remainingMs, ...(dueAt ? { dueAt } : {}) };
}

export type SlaEventKind = 'ACTIVATED' | 'PAUSED' | 'RESUMED' | 'WARNING' | 'BREACHED' | 'FULFILLED';

/**
 * Warning and breach events that are due and not yet emitted. The instant recorded is when the
 * threshold was crossed (computed from the segments), not when a scheduler happened to notice.
 */
export function dueSlaEvents(timer: SlaTimer, policy: SlaPolicy, now: Date): { kind: 'WARNING' | 'BREACHED'; at: Date }[] {
  const events: { kind: 'WARNING' | 'BREACHED'; at: Date }[] = [];
  const crossing = (thresholdMs: number): Date | undefined => crossingInstant(timer, policy.schedule, thresholdMs, now);
  if (!timer.warnedAt) {
    const at = crossing(timer.targetMs * policy.warnAtFraction);
    if (at) events.push({ kind: 'WARNING', at });
  }
  if (!timer.breachedAt) {
    const at = crossing(timer.targetMs);
    if (at) events.push({ kind: 'BREACHED', at });
  }
  return events;
}

/** When the timer's counted time first exceeded `thresholdMs`, if it has by `now`. */
function crossingInstant(timer: SlaTimer, schedule: SlaSchedule, thresholdMs: number, now: Date): Date | undefined {
  let counted = 0;
  for (const s of timer.segments) {
    const end = (s.to ?? now).getTime();
    const here = workingMsBetween(schedule, s.from.getTime(), end);
    if (counted + here > thresholdMs) {
      return new Date(addWorkingMs(schedule, s.from.getTime(), thresholdMs - counted));
    }
    counted += here;
  }
  return undefined;
}
