/**
 * ADR 154: what the window cache no longer reads on a page's way to its alert — a load running beside another load,
 * the count before the page's own window reads, the count before an evidence lookup — and that its answers stay
 * the store's where a page needs them to be.
 */
import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectionEventModel, type DetectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import { detectionRecordingModel } from '../src/adapters/mongo/detection-recording.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import type { HistoryQuery } from '../src/domain/detection-history.js';
import { WindowCache } from '../src/domain/window-cache.js';
import { DetectionEngine } from '../src/domain/detection-engine.js';
import { defaultDetectionSettings, resolveTenantRules } from '../src/domain/tenant-rules.js';
import { failedLogin } from './support/events.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const IP = '198.51.100.7';
let sequence = 0;

/** Failed logins of one account from one address, a second apart. */
function failures(accountId: string, count: number, tenantId = 't-1'): DetectionEvent[] {
  return Array.from({ length: count }, (): DetectionEvent => {
    sequence += 1;
    return {
      eventId: `e-${sequence}`,
      tenantId,
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

const byAccount = (accountId: string): HistoryQuery => ({
  tenantId: 't-1',
  kind: 'LOGIN_FAILED',
  accountId,
  since: new Date(BASE - 3_600_000),
  until: new Date(BASE + 3_600_000),
});
const byIp: HistoryQuery = {
  tenantId: 't-1',
  kind: 'LOGIN_FAILED',
  ip: IP,
  since: byAccount('').since,
  until: byAccount('').until,
};

describe('window cache on a page’s path (ADR 154)', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let events: DetectionEventModel;
  let store: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('window-cache-page', { monitorCommands: true });
    db = testDb.db;
    events = detectionEventModel(db.connection);
    await events.createIndexes();
    store = mongoDetectionHistory(db.connection);
  });
  beforeEach(async () => {
    await events.deleteMany({});
    await detectionRecordingModel(db.connection).deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('keeps every load of a page that ran side by side (the account and the address windows)', async () => {
    const cache = new WindowCache(store);
    await cache.record(failures('a-1', 3));
    await Promise.all([cache.events(byAccount('a-1')), cache.events(byIp)]);
    await cache.record(failures('a-1', 2));
    db.commands.reset();
    const [account, ip] = await Promise.all([cache.events(byAccount('a-1')), cache.events(byIp)]);
    expect(db.commands.count('find', 'detection_events')).toBe(0);
    expect(account).toEqual(await store.events(byAccount('a-1')));
    expect(ip).toEqual(await store.events(byIp));
    expect(ip).toHaveLength(5);
  });

  it('answers the page that just recorded without reading the count again; a later read still reads it', async () => {
    const cache = new WindowCache(store);
    await cache.record(failures('a-1', 3));
    await cache.events(byIp);
    await cache.record(failures('a-2', 2));
    db.commands.reset();
    const page = cache.asOfRecording('t-1');
    expect(await page.events(byIp)).toEqual(await store.events(byIp));
    expect(await page.events(byAccount('a-2'))).toEqual(await store.events(byAccount('a-2')));
    expect(db.commands.count('find', 'detection_recordings')).toBe(0);
    // Not the page's own read (a follow-up after its alert was stored): the count is read first.
    await cache.events(byIp);
    expect(db.commands.count('find', 'detection_recordings')).toBe(1);
  });

  it('of two instances recording at once, the page counted later reads both; the earlier one stays as of its own', async () => {
    const here = new WindowCache(store);
    const elsewhere = new WindowCache(store);
    await here.record(failures('a-1', 2));
    await here.events(byIp);
    const ours = failures('a-1', 3);
    const theirs = failures('a-1', 4);
    await here.record(ours);
    const herePage = here.asOfRecording('t-1');
    // Counted after ours: elsewhere's count is not its previous plus one, so it reads the store, holding both pages.
    await elsewhere.record(theirs);
    const elsewherePage = elsewhere.asOfRecording('t-1');
    expect(await elsewherePage.events(byIp)).toEqual(await store.events(byIp));
    expect((await elsewherePage.events(byIp)).map((event) => event.eventId)).toEqual(
      expect.arrayContaining([...ours, ...theirs].map((event) => event.eventId)),
    );
    // The earlier page is answered as of its own recording: a store read made right after it.
    const asOfOurs = (await herePage.events(byIp)).map((event) => event.eventId);
    expect(asOfOurs).toEqual(expect.arrayContaining(ours.map((event) => event.eventId)));
    expect(asOfOurs).not.toEqual(expect.arrayContaining(theirs.map((event) => event.eventId)));
    // Outside the page, here reads the count and sees the other recording.
    expect(await here.events(byIp)).toEqual(await store.events(byIp));
  });

  it('looks up evidence it holds without reading the count, and as the store answers after another recording', async () => {
    const here = new WindowCache(store);
    const elsewhere = new WindowCache(store);
    const ours = failures('a-1', 3);
    await here.record(ours);
    await elsewhere.record(failures('a-1', 2));
    const ids = [...ours.map((event) => event.eventId), 'unknown-id'];
    db.commands.reset();
    const evidence = await here.evidence('t-1', ids);
    expect(db.commands.count('find', 'detection_recordings')).toBe(0);
    expect(evidence).toEqual(await store.evidence('t-1', ids));
    // Another tenant's lookup of the same ids finds none of them (tenants are never mixed).
    expect(await here.evidence('t-2', ids)).toEqual(ids.map((eventId) => ({ eventId })));
  });

  it('judges a page through the cache reading the count once, with its own recording', async () => {
    const rules = resolveTenantRules(defaultDetectionSettings('demo'));
    const engine = new DetectionEngine(
      new WindowCache(store),
      async () => rules,
      () => Date.parse('2026-03-02T10:00:00Z'),
    );
    const burst = (from: number, accountId: string) =>
      Array.from({ length: 10 }, (_, index) => ({ ...failedLogin(from + index, accountId), eventId: `${accountId}-${index}` }));
    await engine.judgeBatch(burst(0, 'acc-1'));
    db.commands.reset();
    const { detections } = await engine.judgeBatch(burst(20, 'acc-2'));
    expect(detections.map((detection) => detection.ruleId)).toContain('brute-force');
    expect(db.commands.count('findAndModify', 'detection_recordings')).toBe(1);
    expect(db.commands.count('find', 'detection_recordings')).toBe(0);
    // The address's window was held from the first page; only the new account's is read.
    expect(db.commands.count('find', 'detection_events')).toBe(1);
  });
});
