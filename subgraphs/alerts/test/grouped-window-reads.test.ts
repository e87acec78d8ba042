/**
 * ADR 107: the window reads of a batch, grouped into one store read per tenant, kind and key type, answer every
 * query exactly as its own read does — on random histories, with cut grouped reads — and the batch's reads of
 * `detection_events` shrink to a handful.
 */
import type { MongoHandle } from '@vigil/core';
import { prng } from '@vigil/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectionEventModel, type DetectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import { DetectionEngine } from '../src/domain/detection-engine.js';
import type { DetectionEvent, EventKind } from '../src/domain/detection-event.js';
import type { HistoryQuery } from '../src/domain/detection-history.js';
import { GroupedWindowReads } from '../src/domain/grouped-window-reads.js';
import { defaultDetectionSettings, resolveTenantRules } from '../src/domain/tenant-rules.js';
import { failedLogin } from './support/events.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

const MINUTE = 60_000;
const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const TENANTS = ['t-1', 't-2', 't-3'];
const KINDS: EventKind[] = ['LOGIN_FAILED', 'LOGIN_SUCCEEDED'];
const ACCOUNTS = ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5'];
const IPS = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '203.0.113.9'];
const CASES = ['case-1', 'case-2'];
const LIMITS = [undefined, 1, 2, 5, 20, 100];

describe('grouped window reads', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let events: DetectionEventModel;
  let history: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('grouped-window-reads', { monitorCommands: true });
    db = testDb.db;
    events = detectionEventModel(db.connection);
    await events.createIndexes();
    history = mongoDetectionHistory(db.connection);
  });
  beforeEach(async () => {
    await events.deleteMany({});
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('answers every query exactly as its own read does, on random histories, cut or not', async () => {
    let answeredDespiteCut = 0;
    let fellBack = 0;
    for (let seed = 1; seed <= 12; seed += 1) {
      await events.deleteMany({});
      const random = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const maybe = <T>(value: T, chance = 0.5): T | undefined => (random() < chance ? value : undefined);
      // Few distinct times, so equal times (ties on occurredAt) are common.
      const time = () => new Date(BASE + Math.floor(random() * 16) * 5 * MINUTE);
      const stored: DetectionEvent[] = Array.from({ length: 30 + Math.floor(random() * 200) }, (_, index) => ({
        eventId: `e-${seed}-${index}`,
        tenantId: pick(TENANTS),
        accountId: pick(ACCOUNTS),
        type: 'test',
        kinds: random() < 0.2 ? [...KINDS] : [pick(KINDS)],
        outcome: 'FAILURE',
        occurredAt: time(),
        ip: maybe(pick(IPS), 0.8),
        caseId: maybe(pick(CASES), 0.3),
      }));
      await history.record(stored);

      const queries: HistoryQuery[] = Array.from({ length: 10 + Math.floor(random() * 50) }, () => {
        const [from, to] = [time(), time()].sort((a, b) => a.getTime() - b.getTime()) as [Date, Date];
        const perAccount = random() < 0.6;
        const ip = perAccount ? maybe(pick(IPS), 0.3) : pick(IPS);
        const caseId = maybe(pick(CASES), 0.15);
        const limit = pick(LIMITS);
        return {
          tenantId: pick(TENANTS),
          kind: pick(KINDS),
          since: from,
          until: to,
          ...(perAccount ? { accountId: pick(ACCOUNTS) } : {}),
          ...(ip !== undefined ? { ip } : {}),
          ...(caseId !== undefined ? { caseId } : {}),
          ...(limit !== undefined ? { limit } : {}),
        };
      });

      // Small caps cut the grouped reads: then some queries are still answered from them, the others read alone.
      const cap = pick([3, 10, 40, 10_000]);
      const reads: HistoryQuery[] = [];
      const counting = {
        events: (query: HistoryQuery) => {
          reads.push(query);
          return history.events(query);
        },
      };
      const grouped = new GroupedWindowReads(counting, cap);
      const answers = await Promise.all(queries.map((query) => grouped.events(query)));
      const direct = await Promise.all(queries.map((query) => history.events(query)));
      for (const [index, query] of queries.entries()) {
        expect(answers[index], `seed ${seed}, query ${JSON.stringify(query)}`).toEqual(direct[index]);
      }

      const groupReads = reads.filter((read) => read.accountIds !== undefined || read.ips !== undefined);
      const alone = reads.length - groupReads.length;
      // One read per group (tenant × kind × key type), plus the queries read alone.
      expect(groupReads.length).toBeLessThanOrEqual(TENANTS.length * KINDS.length * 2);
      if (cap === 10_000) expect(alone).toBeLessThanOrEqual(TENANTS.length * KINDS.length * 2);
      for (const read of groupReads) {
        const cut = (await history.events(read)).length >= cap;
        if (!cut) continue;
        const members = queries.filter(
          (query) =>
            query.tenantId === read.tenantId &&
            query.kind === read.kind &&
            (read.accountIds !== undefined ? query.accountId !== undefined : query.accountId === undefined),
        );
        const readAlone = members.filter((member) => reads.includes(member)).length;
        fellBack += readAlone;
        answeredDespiteCut += members.length - readAlone;
      }
    }
    // The random cases reach both sides of a cut read.
    expect(fellBack).toBeGreaterThan(0);
    expect(answeredDespiteCut).toBeGreaterThan(0);
  });

  it('never answers one tenant from another, even for the same account, IP and time', async () => {
    const twin = (tenantId: string, eventId: string): DetectionEvent => ({
      eventId,
      tenantId,
      accountId: 'a-1',
      type: 'test',
      kinds: ['LOGIN_FAILED'],
      outcome: 'FAILURE',
      occurredAt: new Date(BASE),
      ip: IPS[0],
    });
    await history.record([twin('t-1', 'one'), twin('t-2', 'two')]);
    const grouped = new GroupedWindowReads(history);
    const query = (tenantId: string, narrow: Partial<HistoryQuery>): HistoryQuery => ({
      tenantId,
      kind: 'LOGIN_FAILED',
      since: new Date(BASE - MINUTE),
      until: new Date(BASE + MINUTE),
      ...narrow,
    });
    const answers = await Promise.all([
      grouped.events(query('t-1', { accountId: 'a-1' })),
      grouped.events(query('t-2', { accountId: 'a-1' })),
      grouped.events(query('t-1', { ip: IPS[0] })),
      grouped.events(query('t-2', { ip: IPS[0] })),
    ]);
    expect(answers.map((answer) => answer.map((event) => event.eventId))).toEqual([['one'], ['two'], ['one'], ['two']]);
  });

  it('reads detection_events a handful of times for a batch of many accounts and IPs, with the same detections', async () => {
    const rules = resolveTenantRules(defaultDetectionSettings('demo'));
    const engine = new DetectionEngine(
      history,
      async () => rules,
      () => BASE + 60 * MINUTE,
    );
    // 30 accounts × 10 failures, each account from its own IP: 300 events, 30 account keys and 30 IP keys.
    const batch = Array.from({ length: 300 }, (_, index) =>
      failedLogin(index % 10, `acc-${Math.floor(index / 10)}`, `198.51.100.${Math.floor(index / 10)}`),
    );
    db.commands.reset();
    const { detections } = await engine.judgeBatch(batch);
    // Read one by one, that is at least one read per key for each of the four rules a failed login triggers (120).
    expect(db.commands.count('find', 'detection_events')).toBeLessThanOrEqual(10);
    // Ten failures per account and IP within 15 minutes: brute force (threshold 10) fires for every account.
    const bruteForced = detections.filter((detection) => detection.ruleId === 'brute-force');
    expect(new Set(bruteForced.map((detection) => detection.relatedAccountIds.join())).size).toBe(30);
  });
});
