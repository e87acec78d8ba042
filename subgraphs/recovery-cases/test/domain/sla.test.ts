import { describe, expect, it } from 'vitest';
import {
  addWorkingMs,
  DEFAULT_SLA_POLICY,
  dueSlaEvents,
  fulfilTimer,
  pauseTimer,
  resumeTimer,
  startTimer,
  targetsProblem,
  timerState,
  validateSchedule,
  workingMsBetween,
  type SlaPolicy,
  type SlaSchedule,
} from '../../src/domain/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);

/** Berlin office, Monday to Friday, 09:00–17:00 local time. */
const berlin: SlaSchedule = {
  kind: 'BUSINESS_HOURS',
  timeZone: 'Europe/Berlin',
  weekdays: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
};

describe('business hours', () => {
  it('counts only opening hours in the tenant time zone', () => {
    // Friday 2026-01-09 16:00 Berlin (15:00Z) to Monday 2026-01-12 10:00 Berlin (09:00Z): 1h Friday + 1h Monday.
    expect(workingMsBetween(berlin, at('2026-01-09T15:00:00Z').getTime(), at('2026-01-12T09:00:00Z').getTime())).toBe(2 * HOUR);
  });

  it('finds the due instant across a weekend and across a daylight-saving change', () => {
    // 3 working hours from Friday 16:00 Berlin: 1h Friday, then 2h Monday from 09:00 → Monday 11:00 Berlin = 10:00Z.
    expect(new Date(addWorkingMs(berlin, at('2026-01-09T15:00:00Z').getTime(), 3 * HOUR)).toISOString()).toBe(
      '2026-01-12T10:00:00.000Z',
    );
    // Berlin moves to summer time on Sunday 2026-03-29: Monday 09:00 local is 07:00Z.
    expect(new Date(addWorkingMs(berlin, at('2026-03-27T15:00:00Z').getTime(), 2 * HOUR)).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('rejects schedules that could never count time', () => {
    expect(validateSchedule({ ...berlin, weekdays: [] })).toMatch(/at least one/);
    expect(validateSchedule({ ...berlin, timeZone: 'Mars/Olympus' })).toMatch(/Unknown time zone/);
    expect(validateSchedule(berlin)).toBeUndefined();
  });
});

describe('SLA timers', () => {
  const policy: SlaPolicy = DEFAULT_SLA_POLICY;
  const start = at('2026-01-05T10:00:00Z');
  const plus = (ms: number) => new Date(start.getTime() + ms);

  it('does not count time while paused (waiting on the customer)', () => {
    let timer = startTimer('RESOLUTION', 4 * HOUR, start);
    timer = pauseTimer(timer, plus(HOUR));
    expect(timerState(timer, policy.schedule, plus(10 * HOUR))).toMatchObject({ status: 'PAUSED', elapsedMs: HOUR });
    timer = resumeTimer(timer, plus(10 * HOUR));
    const state = timerState(timer, policy.schedule, plus(11 * HOUR));
    expect(state).toMatchObject({ status: 'ACTIVE', elapsedMs: 2 * HOUR, remainingMs: 2 * HOUR });
    expect(state.dueAt?.toISOString()).toBe(plus(13 * HOUR).toISOString());
  });

  it('is fulfilled in time, or breached when fulfilled late', () => {
    const timer = startTimer('FIRST_RESPONSE', 15 * MIN, start);
    expect(timerState(fulfilTimer(timer, plus(10 * MIN)), policy.schedule, plus(HOUR)).status).toBe('FULFILLED');
    expect(timerState(fulfilTimer(timer, plus(20 * MIN)), policy.schedule, plus(HOUR)).status).toBe('BREACHED');
  });

  it('emits warning and breach once each, dated when the threshold was crossed', () => {
    let timer = startTimer('FIRST_RESPONSE', 20 * MIN, start);
    timer = pauseTimer(timer, plus(10 * MIN));
    timer = resumeTimer(timer, plus(60 * MIN));
    // 10 min counted before the pause; warning at 15 counted minutes = 65 min wall clock; breach at 70.
    expect(dueSlaEvents(timer, policy, plus(64 * MIN))).toEqual([]);
    expect(dueSlaEvents(timer, policy, plus(90 * MIN))).toEqual([
      { kind: 'WARNING', at: plus(65 * MIN) },
      { kind: 'BREACHED', at: plus(70 * MIN) },
    ]);
    expect(dueSlaEvents({ ...timer, warnedAt: plus(65 * MIN), breachedAt: plus(70 * MIN) }, policy, plus(90 * MIN))).toEqual([]);
  });

  it('needs every target to fall due within a year of the schedule; a weekday listed twice counts once', () => {
    const office = {
      kind: 'BUSINESS_HOURS' as const,
      timeZone: 'Europe/Berlin',
      weekdays: [1, 2, 3, 4, 5],
      openMinute: 540,
      closeMinute: 1020,
    };
    expect(targetsProblem({ ...DEFAULT_SLA_POLICY, schedule: office })).toBeUndefined();
    const mondays = { ...office, weekdays: [1, 1, 1, 1, 1] };
    expect(targetsProblem({ ...DEFAULT_SLA_POLICY, schedule: mondays })).toBeUndefined();
    const low = { firstResponseMs: 3_600_000, nextResponseMs: 3_600_000, resolutionMs: 8 * 53 * 3_600_000 };
    const byPriority = { ...DEFAULT_SLA_POLICY.byPriority, LOW: low };
    expect(targetsProblem({ ...DEFAULT_SLA_POLICY, schedule: mondays, byPriority })).toMatch(/8 working hours a week.*53 weeks/);
    expect(targetsProblem({ ...DEFAULT_SLA_POLICY, byPriority })).toBeUndefined();
  });
});
