import type { ActivityInput } from '../activity.js';
import type { ExampleEvent } from './rule.js';

/** Builders for rule examples (data, not tests): the events the catalog test and the arrival-order test replay. */
export const EXAMPLE_BASE = Date.parse('2026-03-02T09:00:00.000Z');

export const failedLogin = (minute: number, accountId = 'acc-1', ip = '198.51.100.7'): ExampleEvent => ({
  minute,
  type: 'user.authentication.failed',
  outcome: 'FAILURE',
  accountId,
  ip,
});

export const successfulLogin = (minute: number, extra: Partial<ExampleEvent> = {}): ExampleEvent => ({
  minute,
  type: 'user.session.start',
  ip: '203.0.113.5',
  ...extra,
});

/** A contact field changed by the customer (account_update). */
export const contactChange = (minute: number, field: 'email' | 'phone' | 'address'): ExampleEvent => ({
  minute,
  type: `account.contact.${field}_changed`,
  category: 'account_update',
});

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** An example event as the bus would carry it; `id` must be unique within one replay. */
export function exampleActivity(example: ExampleEvent, id: string, tenantId = 'demo'): ActivityInput {
  return {
    eventId: id,
    tenantId,
    accountId: example.accountId ?? 'acc-1',
    type: example.type,
    category: example.category ?? 'authentication',
    outcome: example.outcome ?? 'SUCCESS',
    occurredAt: new Date(EXAMPLE_BASE + example.minute * 60_000).toISOString(),
    ...(example.ip !== undefined ? { ip: example.ip } : {}),
    ...(example.deviceId !== undefined ? { deviceId: example.deviceId } : {}),
    ...(example.geo !== undefined ? { geo: example.geo } : {}),
    ...(example.metadata !== undefined ? { metadata: example.metadata } : {}),
  };
}
