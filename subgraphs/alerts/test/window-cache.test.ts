/**
 * ADR 115: the window cache answers every window read and evidence lookup exactly as the shared store does — with
 * two instances recording pages of one tenant in turn, late events, redeliveries, filters and limits — and a page
 * whose keys it already holds reads nothing from `detection_events`.
 */
import type { MongoHandle } from '@vigil/core';
import { prng } from '@vigil/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectionEventModel, type DetectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import { detectionRecordingModel, type DetectionRecordingModel } from '../src/adapters/mongo/detection-recording.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import type { DetectionEvent, EventKind } from '../src/domain/detection-event.js';
import type { HistoryQuery } from '../src/domain/detection-history.js';
import { WindowCache } from '../src/domain/window-cache.js';
import { loadAlertsConfig } from '../src/config.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const MINUTE = 60_000;
const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const TENANTS = ['t-1', 't-2'];
const KINDS: EventKind[] = ['LOGIN_FAILED', 'LOGIN_SUCCEEDED'];
const ACCOUNTS = ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6'];
const IPS = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '203.0.113.9'];
const CASES = ['case-1', 'case-2'];
const LIMITS = [undefined, 1, 3, 10, 50];
/** Every account's failed logins of tenant t-1, over all the times the pages use. */
const EVERY_ACCOUNT: HistoryQuery = {
  tenantId: 't-1',
  kind: 'LOGIN_FAILED',
  accountIds: ACCOUNTS,
  since: new Date(BASE - 200 * MINUTE),
  until: new Date(BASE + 500 * MINUTE),
};

describe('window cache', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let events: DetectionEventModel;
  let recordings: DetectionRecordingModel;
  let store: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('window-cache', { monitorCommands: true });
    db = testDb.db;
    events = detectionEventModel(db.connection);
    recordings = detectionRecordingModel(db.connection);
    await events.createIndexes();
    store = mongoDetectionHistory(db.connection);
  });
  beforeEach(async () => {
    await events.deleteMany({});
    await recordings.deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  /** A seeded stream of pages: few distinct times (ties), late events, redelivered events, two tenants. */
  function pages(seed: number) {
    const random = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const maybe = <T>(value: T, chance: number): T | undefined => (random() < chance ? value : undefined);
    const sent: DetectionEvent[] = [];
    let clock = BASE;
    const page = (tenantId: string): DetectionEvent[] => {
      clock += Math.floor(random() * 4) * MINUTE;
      const fresh = Array.from({ length: 5 + Math.floor(random() * 30) }, (_, index): DetectionEvent => {
        const late = random() < 0.1;
        return {
          eventId: `e-${seed}-${sent.length}-${index}`,
          tenantId,
          accountId: pick(ACCOUNTS),
          type: 'test',
          kinds: random() < 0.2 ? [...KINDS] : [pick(KINDS)],
          outcome: 'FAILURE',
          occurredAt: new Date(clock - (late ? Math.floor(random() * 90) : Math.floor(random() * 3)) * MINUTE),
          ip: maybe(pick(IPS), 0.85),
          caseId: maybe(pick(CASES), 0.25),
          sequence: sent.length + index,
          hash: `h-${seed}-${sent.length}-${index}`,
          // Not stored: the cache must answer without it, as a store read does.
          requestEventId: maybe('request-1', 0.2),
        };
      });
      const redelivered = sent.filter((event) => event.tenantId === tenantId && random() < 0.05);
      sent.push(...fresh);
      return [...fresh, ...redelivered];
    };
    const query = (tenantId: string): HistoryQuery => {
      const [a, b] = [clock - Math.floor(random() * 120) * MINUTE, clock - Math.floor(random() * 60) * MINUTE + 5 * MINUTE];
      const since = new Date(Math.min(a, b));
      const until = new Date(Math.max(a, b));
      const base = { tenantId, kind: pick(KINDS), since, until, limit: pick(LIMITS), caseId: maybe(pick(CASES), 0.15) };
      const shape = random();
      if (shape < 0.35) return { ...base, accountId: pick(ACCOUNTS), ip: maybe(pick(IPS), 0.3) };
      if (shape < 0.6) return { ...base, ip: pick(IPS) };
      if (shape < 0.85) return { ...base, accountIds: ACCOUNTS.filter(() => random() < 0.5) };
      return { ...base, ips: IPS.filter(() => random() < 0.6) };
    };
    return { page, query, pick, random, sent };
  }

  it('answers as the store does while two instances record pages of the same tenants in turn', async () => {
    let compared = 0;
    // Not a comparison with the store alone: the caches answered from memory, and forgot tenants the other wrote to.
    const seen = { cache: 0, store: 0, forgotten: 0 };
    const observer = {
      windowRead: (answer: 'cache' | 'store') => void (seen[answer] += 1),
      forgotten: () => void (seen.forgotten += 1),
    };
    for (let seed = 1; seed <= 4; seed += 1) {
      await events.deleteMany({});
      await recordings.deleteMany({});
      // Even seeds: the first instance holds at most 40 events (it forgets keys and loads them again).
      const instances = [
        new WindowCache(store, seed % 2 === 0 ? 40 : undefined, observer),
        new WindowCache(store, undefined, observer),
      ];
      const stream = pages(seed);
      for (let turn = 0; turn < 40; turn += 1) {
        const tenantId = stream.pick(TENANTS);
        // Mostly one instance follows a tenant; now and then the other records a page of it.
        const recorder = stream.random() < 0.8 ? (instances[0] as WindowCache) : (instances[1] as WindowCache);
        await recorder.record(stream.page(tenantId));
        for (const instance of instances) {
          for (let q = 0; q < 8; q += 1) {
            const query = stream.query(stream.pick(TENANTS));
            expect(await instance.events(query), JSON.stringify(query)).toEqual(await store.events(query));
            compared += 1;
          }
          const ids = [...stream.sent.filter(() => stream.random() < 0.1).map((event) => event.eventId), 'unknown-id'];
          const tenantId2 = stream.pick(TENANTS);
          expect(await instance.evidence(tenantId2, ids)).toEqual(await store.evidence(tenantId2, ids));
        }
      }
    }
    expect(compared).toBe(4 * 40 * 2 * 8);
    expect(seen.cache).toBeGreaterThan(100);
    expect(seen.forgotten).toBeGreaterThan(10);
  });

  it('forgets purged events and a count that started over', async () => {
    const cache = new WindowCache(store);
    const stream = pages(11);
    for (let turn = 0; turn < 10; turn += 1) await cache.record(stream.page('t-1'));
    const everything = EVERY_ACCOUNT;
    const before = await cache.events(everything);
    const cutoff = new Date(BASE - 10 * MINUTE);
    expect(before.some((event) => event.occurredAt < cutoff)).toBe(true);
    await cache.purgeBefore(cutoff);
    expect(await cache.events(everything)).toEqual(await store.events(everything));
    expect((await cache.events(everything)).some((event) => event.occurredAt < cutoff)).toBe(false);

    // The history and its count wiped out (a restore, a dropped database): the cache holds nothing of before.
    await events.deleteMany({});
    await recordings.deleteMany({});
    const fresh = stream.page('t-1');
    await cache.record(fresh);
    expect(await cache.events(everything)).toEqual(await store.events(everything));
    const ids = before.map((event) => event.eventId);
    const evidence = await cache.evidence('t-1', ids);
    expect(evidence).toEqual(await store.evidence('t-1', ids));
    // Only the page's redelivered events are in the store again; the others are gone.
    expect(evidence.filter((ref) => ref.sequence === undefined).length).toBeGreaterThan(ids.length / 2);
  });

  it('reads nothing from the store for a page whose keys it holds, and the new events are in its answers', async () => {
    const cache = new WindowCache(store);
    const stream = pages(99);
    await cache.record(stream.page('t-1'));
    const window = (accountId: string): HistoryQuery => ({
      tenantId: 't-1',
      kind: 'LOGIN_FAILED',
      accountId,
      since: new Date(BASE - 200 * MINUTE),
      until: new Date(BASE + 500 * MINUTE),
    });
    for (const accountId of ACCOUNTS) await cache.events(window(accountId));
    const next = stream.page('t-1');
    await cache.record(next);
    db.commands.reset();
    for (const accountId of ACCOUNTS) await cache.events(window(accountId));
    expect(db.commands.count('find', 'detection_events')).toBe(0);
    for (const accountId of ACCOUNTS)
      expect(await cache.events(window(accountId))).toEqual(await store.events(window(accountId)));
    // The page just recorded is in the answers (added to the entries held, not read back).
    const held = new Set(
      (await cache.events({ ...window('a-0'), accountId: undefined, accountIds: ACCOUNTS })).map((event) => event.eventId),
    );
    const failed = next.filter((event) => event.kinds.includes('LOGIN_FAILED'));
    expect(failed.length).toBeGreaterThan(0);
    for (const event of failed) expect(held.has(event.eventId)).toBe(true);
  });

  it('forgets a tenant whose recording was stored but not counted', async () => {
    let failCount = false;
    const flaky = Object.assign(Object.create(store) as MongoDetectionHistory, {
      countRecording: async (tenantId: string) => {
        if (failCount) throw new Error('the count write failed');
        return store.countRecording(tenantId);
      },
    });
    const cache = new WindowCache(flaky);
    const stream = pages(13);
    const query = EVERY_ACCOUNT;
    await cache.record(stream.page('t-1'));
    await cache.events(query);
    failCount = true;
    const lost = stream.page('t-1').map((event) => ({ ...event, kinds: ['LOGIN_FAILED'] as EventKind[] }));
    await expect(cache.record(lost)).rejects.toThrow('the count write failed');
    failCount = false;
    // The events are in the store although the count never moved: the cache must not answer without them.
    const answer = await cache.events(query);
    expect(answer.map((event) => event.eventId)).toEqual(expect.arrayContaining(lost.map((event) => event.eventId)));
    expect(answer).toEqual(await store.events(query));
  });

  it('does not keep a load that raced with its own recording', async () => {
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    // A store whose reads answer late: the read itself happens at once (before the recording below).
    const slowStore = Object.assign(Object.create(store) as MongoDetectionHistory, {
      events: async (query: HistoryQuery) => {
        const answer = await store.events(query);
        await gate;
        return answer;
      },
    });
    const cache = new WindowCache(slowStore);
    const stream = pages(7);
    await cache.record(stream.page('t-1'));
    const query = EVERY_ACCOUNT;
    gate = new Promise((resolve) => (release = resolve));
    const racing = cache.events(query);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const extra = stream.page('t-1').map((event) => ({ ...event, kinds: ['LOGIN_FAILED'] as EventKind[] }));
    // Recorded and counted while the load's answer (read before it) is still on its way.
    await cache.record(extra);
    release();
    await racing;
    gate = undefined;
    const answer = await cache.events(query);
    expect(answer.map((event) => event.eventId)).toEqual(expect.arrayContaining(extra.map((event) => event.eventId)));
    expect(answer).toEqual(await store.events(query));
  });

  it('is sized by ALERTS_WINDOW_CACHE_EVENTS: 100,000 by default, 0 turns it off, nonsense fails start-up', () => {
    expect(loadAlertsConfig({}).ALERTS_WINDOW_CACHE_EVENTS).toBe(100_000);
    expect(loadAlertsConfig({ ALERTS_WINDOW_CACHE_EVENTS: '0' }).ALERTS_WINDOW_CACHE_EVENTS).toBe(0);
    for (const bad of ['-1', 'lots', '1.5']) {
      expect(() => loadAlertsConfig({ ALERTS_WINDOW_CACHE_EVENTS: bad })).toThrow(/ALERTS_WINDOW_CACHE_EVENTS/);
    }
  });
});
