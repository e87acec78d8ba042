/**
 * ADR 157: a page's keys the cache does not hold are loaded beside the page's own insert, not after its recording
 * count, and kept only when the count confirms that nothing but the page's own events changed the store since they
 * were sent. Gates decide every order here (the insert held until the load has answered; another instance recording
 * in between); nothing waits on a clock.
 */
import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import { detectionRecordingModel } from '../src/adapters/mongo/detection-recording.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import type { HistoryQuery } from '../src/domain/detection-history.js';
import { WindowCache } from '../src/domain/window-cache.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const IP = '198.51.100.7';
let sequence = 0;

/** Failed logins of one account from one address, a second apart, later than every page before. */
function failures(accountId: string, count: number): DetectionEvent[] {
  return Array.from({ length: count }, (): DetectionEvent => {
    sequence += 1;
    return {
      eventId: `e-${sequence}`,
      tenantId: 't-1',
      accountId,
      type: 'user.authentication.failed',
      kinds: ['LOGIN_FAILED'],
      outcome: 'FAILURE',
      occurredAt: new Date(BASE + sequence * 1_000),
      ip: IP,
      sequence,
      hash: `h-${sequence}`,
    };
  });
}

/** A page's window reads of its events: the account's and the address's last 15 minutes before its newest. */
function windowsOf(page: readonly DetectionEvent[]): { account: HistoryQuery; ip: HistoryQuery } {
  const newest = Math.max(...page.map((event) => event.occurredAt.getTime()));
  const range = { tenantId: 't-1', kind: 'LOGIN_FAILED' as const, since: new Date(newest - 900_000), until: new Date(newest) };
  return { account: { ...range, accountId: page[0]!.accountId }, ip: { ...range, ip: IP } };
}

/** The store, with every call logged in order and the insert held at `insertGate` while one is set. */
function loggedStore(store: MongoDetectionHistory) {
  const log: string[] = [];
  const gates: { insert?: Promise<void> } = {};
  const logged = Object.assign(Object.create(store) as MongoDetectionHistory, {
    record: async (events: readonly DetectionEvent[]) => {
      log.push('insert');
      await gates.insert;
      return store.record(events);
    },
    countRecording: async (tenantId: string) => {
      log.push('count');
      return store.countRecording(tenantId);
    },
    events: async (query: HistoryQuery) => {
      log.push(`events ${query.accountIds?.join(',') ?? query.accountId ?? query.ips?.join(',') ?? query.ip}`);
      const answer = await store.events(query);
      log.push('events answered');
      return answer;
    },
  });
  return { logged, log, gates };
}

/** A gate the test opens. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a page’s window loads beside its insert (ADR 157)', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let store: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('window-prefetch');
    db = testDb.db;
    await detectionEventModel(db.connection).createIndexes();
    store = mongoDetectionHistory(db.connection);
  });
  beforeEach(async () => {
    await detectionEventModel(db.connection).deleteMany({});
    await detectionRecordingModel(db.connection).deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  /** A first page of `a-1`, read as the page's rules read it: the cache learns how far back its reads reach. */
  async function firstPage(cache: WindowCache): Promise<void> {
    const page = failures('a-1', 3);
    await cache.record(page);
    const view = cache.asOfRecording('t-1');
    await Promise.all([view.events(windowsOf(page).account), view.events(windowsOf(page).ip)]);
  }

  it('loads a new account’s window before the count, and answers the page with its own events from memory', async () => {
    const { logged, log, gates } = loggedStore(store);
    const cache = new WindowCache(logged);
    await firstPage(cache);
    const page = failures('a-2', 4);
    // The insert waits until the load has answered: the load cannot have seen the page's events.
    const insert = gate();
    gates.insert = insert.opened;
    log.length = 0;
    const recording = cache.record(page);
    while (!log.includes('events answered')) await new Promise((resolve) => setImmediate(resolve));
    insert.open();
    await recording;
    expect(log).toEqual(['insert', 'events a-2', 'events answered', 'count']);
    log.length = 0;
    const view = cache.asOfRecording('t-1');
    const { account, ip } = windowsOf(page);
    const answers = await Promise.all([view.events(account), view.events(ip)]);
    // Nothing read after the count: the address was held, the new account's window came with the insert.
    expect(log).toEqual([]);
    expect(answers[0].map((event) => event.eventId)).toEqual(page.map((event) => event.eventId));
    expect(answers[0]).toEqual(await store.events(account));
    expect(answers[1]).toEqual(await store.events(ip));
    // Evidence of the page's events is answered from memory too, as the store answers it.
    const ids = page.map((event) => event.eventId);
    expect(await cache.evidence('t-1', ids)).toEqual(await store.evidence('t-1', ids));
  });

  it('does not keep the load when another instance recorded between it and the page’s count', async () => {
    const { logged, log, gates } = loggedStore(store);
    const here = new WindowCache(logged);
    const elsewhere = new WindowCache(store);
    await firstPage(here);
    const ours = failures('a-2', 4);
    const theirs = failures('a-2', 2);
    const insert = gate();
    gates.insert = insert.opened;
    log.length = 0;
    const recording = here.record(ours);
    while (!log.includes('events answered')) await new Promise((resolve) => setImmediate(resolve));
    // Stored and counted elsewhere after the load read the store and before this page's count.
    await elsewhere.record(theirs);
    insert.open();
    await recording;
    const view = here.asOfRecording('t-1');
    const { account } = windowsOf(ours);
    const answer = await view.events({ ...account, until: new Date(BASE + (sequence + 1) * 1_000) });
    expect(answer.map((event) => event.eventId).sort()).toEqual([...ours, ...theirs].map((event) => event.eventId).sort());
    expect(answer).toEqual(await store.events({ ...account, until: new Date(BASE + (sequence + 1) * 1_000) }));
  });

  it('loads nothing ahead for a kind no page has read, nor for keys held from far enough back', async () => {
    const { logged, log } = loggedStore(store);
    const cache = new WindowCache(logged);
    await cache.record(failures('a-1', 2));
    log.length = 0;
    // No page read yet: nothing is known of how far its reads reach.
    await cache.record(failures('a-1', 2));
    expect(log).toEqual(['insert', 'count']);
    await firstPage(cache);
    log.length = 0;
    // a-1 and the address are held from the first page's reads on.
    await cache.record(failures('a-1', 2));
    expect(log).toEqual(['insert', 'count']);
  });
});
