import { DEMO_SEED } from '@vigil/accounts';
import { visibilityFor, type Role, type ValueKind } from '@vigil/core';

// The personal values the walk seeds (through the real API) and then searches every answer for.
const { accounts, agents } = DEMO_SEED;

export const IP = '203.0.113.77';
export const IPV6 = '2001:db8:77::1';
export const DEVICE = 'walk-device-77aa11';
export const USER_AGENT = 'WalkBrowser/9.1 (WalkOS; Known)';
export const NOTE_EMAIL = 'walker.case@example.com';
export const NEW_EMAIL = 'walk.new@example.com';

/** What must not appear, by kind, unless the role sees that kind whole. */
const KNOWN: Readonly<Partial<Record<ValueKind, readonly string[]>>> = {
  EMAIL: ['jordan.rivera@example.com', NOTE_EMAIL],
  PHONE: ['+15555550123', '5555550123', '555 555 0123'],
  CONTACT_ADDRESS: [NEW_EMAIL],
  IP_ADDRESS: [IP, IPV6],
  DEVICE_ID: [DEVICE, `${accounts.jordan}-laptop`],
  USER_AGENT: [USER_AGENT, 'Mozilla/5.0 (Macintosh) Chrome/124'],
};
/** The other tenant, which no caller of `demo` may learn anything about. */
const FOREIGN = ['"acme"', 'Acme Telecom', accounts.alex, 'alex.chen@example.org', '192.0.2.199', agents.acmeAgent];
/** Every seeded value `role` must not see whole, and every trace of the other tenant, found in `text`. */
export function leaks(role: Role, text: string): string[] {
  const found: string[] = [];
  for (const [kind, values] of Object.entries(KNOWN) as [ValueKind, readonly string[]][]) {
    if (visibilityFor([role], kind) === 'CLEAR') continue;
    for (const value of values) if (text.includes(value)) found.push(`${kind} ${value}`);
  }
  for (const value of FOREIGN) if (text.includes(value)) found.push(`other tenant: ${value}`);
  return found;
}

/** `count` failed logins of `accountId`, a second apart, starting a minute ago; `extra` adds fields to each. */
export function events(accountId: string, count: number, extra: Record<string, unknown>, key: string) {
  const start = Date.now() - 60_000;
  return Array.from({ length: count }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(start + i * 1000).toISOString(),
    idempotencyKey: `${key}-${i}`,
    ...extra,
  }));
}
export const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) { recordActivities(tenantId: $tenantId, events: $events) { recordedCount } }`;
