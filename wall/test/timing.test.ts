import { describe, expect, it } from 'vitest';
import { countdown, timeSince } from '../src/format.js';
import { reconnectDelayMs } from '../src/graphql/backoff.js';
import { mostUrgent, secondsLeft, type SlaTimer } from '../src/supervisor/sla.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');

describe('reconnection backoff', () => {
  it('doubles from 0.5 s up to 15 s, with jitter of ±50 %', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, () => 0.5))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(reconnectDelayMs(50, () => 0.5)).toBe(15_000);
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 0.999)).toBeLessThanOrEqual(750);
  });
});

describe('clock text', () => {
  it('says how long ago, readable from across the room', () => {
    const ago = (seconds: number) => timeSince(new Date(NOW - seconds * 1000).toISOString(), NOW);
    expect([ago(2), ago(42), ago(7 * 60), ago(3 * 3600 + 5 * 60), ago(2 * 86_400)]).toEqual([
      'now',
      '42 s',
      '7 min',
      '3 h 05 min',
      '2 d',
    ]);
  });

  it('counts down, and below zero once overdue', () => {
    expect([countdown(754), countdown(3723), countdown(-45)]).toEqual(['12:34', '1:02:03', '-0:45']);
  });
});

describe('SLA timers', () => {
  const timer = (overrides: Partial<SlaTimer>): SlaTimer => ({
    metric: 'RESOLUTION',
    status: 'ACTIVE',
    targetSeconds: 600,
    remainingSeconds: 300,
    dueAt: null,
    breachedAt: null,
    ...overrides,
  });

  it('runs an active timer down to its due time and holds a paused one', () => {
    expect(secondsLeft(timer({ dueAt: new Date(NOW + 90_000).toISOString() }), NOW, NOW)).toBe(90);
    expect(secondsLeft(timer({}), NOW - 10_000, NOW)).toBe(290);
    expect(secondsLeft(timer({ status: 'PAUSED' }), NOW - 10_000, NOW)).toBe(300);
  });

  it('puts a breach first, then the least time left', () => {
    const soon = timer({ metric: 'FIRST_RESPONSE', remainingSeconds: 20 });
    const breached = timer({ metric: 'NEXT_RESPONSE', status: 'BREACHED', remainingSeconds: 0 });
    expect(mostUrgent([timer({}), soon], NOW, NOW)).toBe(soon);
    expect(mostUrgent([timer({}), soon, breached], NOW, NOW)).toBe(breached);
    expect(mostUrgent([timer({ status: 'FULFILLED' })], NOW, NOW)).toBeUndefined();
  });
});
