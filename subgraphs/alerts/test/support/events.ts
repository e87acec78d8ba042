import type { ActivityRecordedPayload } from '@vigil/core';

const BASE = Date.parse('2026-03-02T09:00:00.000Z');
let sequence = 0;

/** An ISO time `minutes` after a fixed base, so windows are explicit in each test. */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

export function activity(overrides: Partial<ActivityRecordedPayload> & { type: string }): ActivityRecordedPayload {
  sequence += 1;
  return {
    eventId: `evt-${sequence}`,
    tenantId: 'demo',
    accountId: 'acc-1',
    category: 'authentication',
    outcome: 'SUCCESS',
    occurredAt: at(0),
    actor: { type: 'CUSTOMER' },
    ...overrides,
  };
}

export function failedLogin(minute: number, accountId = 'acc-1', ip = '198.51.100.7'): ActivityRecordedPayload {
  return activity({ type: 'user.authentication.failed', outcome: 'FAILURE', occurredAt: at(minute), accountId, ip });
}

export function successfulLogin(minute: number, extra: Partial<ActivityRecordedPayload> = {}): ActivityRecordedPayload {
  return activity({ type: 'user.session.start', outcome: 'SUCCESS', occurredAt: at(minute), ip: '203.0.113.5', ...extra });
}
