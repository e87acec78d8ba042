import { describe, expect, it } from 'vitest';
import { ACCOUNT_FAILURE_WINDOW_MS, unreviewedFailures } from '../../src/domain/account-failures.js';

const now = new Date('2026-01-05T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const failed = (at: Date) => ({ method: 'SECURITY_QUESTIONS' as const, result: 'FAILED' as const, at });
const passed = (at: Date) => ({ method: 'SECURITY_QUESTIONS' as const, result: 'PASSED' as const, at });
const HOUR = 3_600_000;

describe('unreviewedFailures: what the account’s other cases add to a case’s lock (ADR 129)', () => {
  it('counts failures inside the window, not passes nor older failures', () => {
    const other = { verifications: [failed(ago(HOUR)), passed(ago(HOUR)), failed(ago(ACCOUNT_FAILURE_WINDOW_MS + HOUR))] };
    expect(unreviewedFailures([other, other], now)).toBe(2);
  });

  it('forgets failures a supervisor reviewed: on the other case, or by unlocking this one', () => {
    const unlocked = { verifications: [failed(ago(3 * HOUR)), failed(ago(HOUR))], unlockedAt: ago(2 * HOUR) };
    expect(unreviewedFailures([unlocked], now)).toBe(1);
    const other = { verifications: [failed(ago(3 * HOUR)), failed(ago(HOUR))] };
    expect(unreviewedFailures([other], now, ago(2 * HOUR))).toBe(1);
  });
});
