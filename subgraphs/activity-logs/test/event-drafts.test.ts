import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventTaxonomy } from '@vigil/core';
import { lookupEnricher } from '../src/adapters/enrichment.js';
import { draftEvents } from '../src/application/event-drafts.js';
import { MAX_SEEN_MARKS } from '../src/application/ports.js';
import type { AccountKeyDocument } from '../src/application/ports.js';
import { activityBackgroundTasks } from '../src/background-tasks.js';
import { loadActivityLogsConfig } from '../src/config.js';
import { validateActivityBatch } from '../src/domain/activity-batch.js';
import { deviceFingerprint } from '../src/domain/enrichment.js';
import type { ActivityEventDraft } from '../src/domain/activity-input.js';
import { piiMatchesCommitment } from '../src/domain/pii.js';
import { piiOf } from '../src/application/stored-event.js';
import { activityLogsModule, ACTIVITY_LOGS_DB_NAME } from '../src/index.js';

/** Who records the drafts (ADR 145): not what these tests are about. */
const SHIPPER = { kind: 'CLIENT', id: 'test-shipper' } as const;

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const login = (overrides: Partial<ActivityEventDraft> = {}): ActivityEventDraft => ({
  accountId: 'acct-1',
  type: 'user.session.start',
  occurredAt: '2026-03-01T11:59:00Z',
  ip: '81.2.69.142',
  userAgent: CHROME,
  ...overrides,
});

function valid(drafts: ActivityEventDraft[]) {
  const result = validateActivityBatch(drafts, new EventTaxonomy(), new Date('2026-03-01T12:00:00Z'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.events;
}

const keyOf = (accountId: string, seen: Partial<AccountKeyDocument> = {}): AccountKeyDocument => ({
  tenantId: 't1',
  accountId,
  key: randomBytes(32),
  seenDevices: [],
  seenCountries: [],
  createdAt: new Date(),
  ...seen,
});

describe('draftEvents (recorder seam: enrichment, first-seen, PII commitment)', () => {
  it('marks a device and country first-seen once per account, across the batch and against stored marks', () => {
    const keys = new Map([
      ['acct-1', keyOf('acct-1')],
      ['acct-2', keyOf('acct-2')],
    ]);
    const events = valid([login(), login(), login({ accountId: 'acct-2' })]);
    const first = draftEvents('t1', events, keys, lookupEnricher, new Date(), SHIPPER);
    expect(first.drafts.map((draft) => [draft.firstSeenDevice, draft.firstSeenCountry])).toEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
    expect(first.newlySeen.map((marks) => marks.accountId)).toEqual(['acct-1', 'acct-2']);
    // The marks are HMACs under the account key: no readable device or country in the seen sets. Each mark is a
    // digest's base64url text; a random one contains "GB" now and then, so the country is checked as a whole value.
    const marks = first.newlySeen.flatMap((seen) => [...seen.devices, ...seen.countries]);
    expect(marks).toHaveLength(4);
    for (const mark of marks) expect(mark).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(marks).not.toContain('GB');
    expect(JSON.stringify(first.newlySeen)).not.toMatch(/Chrome|Windows/);

    const stored = new Map([['acct-1', keyOf('acct-1', { key: keys.get('acct-1')!.key, ...seenOf(first.newlySeen[0]!) })]]);
    const again = draftEvents('t1', valid([login()]), stored, lookupEnricher, new Date(), SHIPPER);
    expect(again.drafts[0]).toMatchObject({ firstSeenDevice: false, firstSeenCountry: false });
    expect(again.newlySeen).toEqual([]);
  });

  it("computes each account's marks under its own key, once per batch and value alike (ADR 160)", () => {
    const keys = new Map([
      ['acct-1', keyOf('acct-1')],
      ['acct-2', keyOf('acct-2')],
    ]);
    // The same browser and country for both accounts, interleaved, each account's events repeating them.
    const events = valid([login(), login({ accountId: 'acct-2' }), login(), login({ accountId: 'acct-2' })]);
    const { drafts, newlySeen } = draftEvents('t1', events, keys, lookupEnricher, new Date(), SHIPPER);
    const hmac = (accountId: string, value: string) =>
      createHmac('sha256', keys.get(accountId)!.key).update(value).digest('base64url').slice(0, 22);
    const fingerprint = deviceFingerprint(undefined, lookupEnricher.deviceFromUserAgent(CHROME))!;
    const device = (accountId: string) => hmac(accountId, fingerprint);
    expect(newlySeen).toEqual([
      { accountId: 'acct-1', devices: [device('acct-1')], countries: [hmac('acct-1', 'country:GB')] },
      { accountId: 'acct-2', devices: [device('acct-2')], countries: [hmac('acct-2', 'country:GB')] },
    ]);
    expect(drafts.map((draft) => draft.firstSeenDevice)).toEqual([true, true, false, false]);
  });

  it('remembers devices only while the account has room: a device past the bound is first seen, not stored (ADR 122)', () => {
    const full = Array.from({ length: MAX_SEEN_MARKS - 1 }, (_, i) => `stored-mark-${i}`);
    const keys = new Map([['acct-1', keyOf('acct-1', { seenDevices: full })]]);
    const events = valid([1, 2, 3, 2].map((n) => login({ deviceId: `new-device-${n}` })));
    const { drafts, newlySeen } = draftEvents('t1', events, keys, lookupEnricher, new Date(), SHIPPER);
    // One place left: the first new device takes it and is known when it comes back; the others are first seen
    // each time they come, and only the remembered one is written.
    expect(drafts.map((draft) => draft.firstSeenDevice)).toEqual([true, true, true, true]);
    expect(newlySeen.flatMap((marks) => marks.devices)).toHaveLength(1);
    const again = draftEvents(
      't1',
      valid([login({ deviceId: 'new-device-1' })]),
      new Map([
        [
          'acct-1',
          keyOf('acct-1', {
            key: keys.get('acct-1')!.key,
            seenDevices: [...full, ...newlySeen.flatMap((marks) => marks.devices)],
          }),
        ],
      ]),
      lookupEnricher,
      new Date(),
      SHIPPER,
    );
    expect(again.drafts[0]!.firstSeenDevice).toBe(false);
  });

  it('commits the personal data under the account key and keeps it searchable', () => {
    const keys = new Map([['acct-1', keyOf('acct-1')]]);
    const [draft] = draftEvents(
      't1',
      valid([login({ metadata: { method: 'Password' } })]),
      keys,
      lookupEnricher,
      new Date(),
      SHIPPER,
    ).drafts;
    expect(draft).toMatchObject({ tenantId: 't1', type: 'user.session.start', searchText: 'password' });
    expect(draft!.geo?.country).toBe('GB');
    expect(piiMatchesCommitment(piiOf(draft!), keys.get('acct-1')!.key, draft!.piiCommitment ?? null)).toBe(true);
    expect(piiMatchesCommitment(piiOf(draft!), randomBytes(32), draft!.piiCommitment ?? null)).toBe(false);
  });
});

describe('module descriptor and background tasks', () => {
  const config = (env: Record<string, string>) => loadActivityLogsConfig({ NODE_ENV: 'test', ...env });
  const deps = (purgeSeconds: string) =>
    ({ config: config({ ACTIVITY_PURGE_INTERVAL_SECONDS: purgeSeconds }) }) as unknown as Parameters<
      typeof activityBackgroundTasks
    >[0];

  it('names the database it owns', () => {
    expect(activityLogsModule).toMatchObject({ name: 'activity-logs', dbName: ACTIVITY_LOGS_DB_NAME });
  });

  it('lists consumers and timers; ACTIVITY_PURGE_INTERVAL_SECONDS=0 leaves the purge timer out', () => {
    expect(activityBackgroundTasks(deps('3600')).map((task) => task.name)).toEqual([
      'agent-action-consumer',
      'admin-action-consumer',
      'checkpoint-repair',
      'retention-purge',
      'outbox-relay',
    ]);
    expect(activityBackgroundTasks(deps('0')).map((task) => task.name)).not.toContain('retention-purge');
  });

  it('reads its config once into a frozen object', () => {
    const loaded = config({});
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(loaded).toMatchObject({ checkpointIntervalMs: 300_000, purgeIntervalMs: 3_600_000, outboxRelayIntervalMs: 10_000 });
  });
});

function seenOf(marks: { devices: readonly string[]; countries: readonly string[] }) {
  return { seenDevices: [...marks.devices], seenCountries: [...marks.countries] };
}
