/**
 * ADR 107: the grouped window read (`$in` over a batch's account or IP keys, the union of their time ranges, newest
 * first) is answered by the window-key index, not by a collection scan, next to a busy tenant whose events all fall
 * in the same time range. The read is captured from the driver and explained on the embedded server.
 *
 * embedded-mongo answers `$in` on a multikey field from the index's key lookups: it examines the queried keys'
 * events, not only those in the time range (MongoDB also bounds the range). So the bound checked is "the keys' own
 * events", which does not grow with the tenant or with other tenants.
 */
import type { CommandStartedEvent, Document } from 'mongodb';
import type { MongoHandle } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectionEventModel } from '../src/adapters/mongo/detection-event.model.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import type { DetectionEvent } from '../src/domain/detection-event.js';
import type { HistoryQuery } from '../src/domain/detection-history.js';
import { GroupedWindowReads } from '../src/domain/grouped-window-reads.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';

interface Explained {
  queryPlanner: { winningPlan: { stage: string; indexName?: string } };
  executionStats: { nReturned: number; totalDocsExamined: number };
}

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const ACCOUNTS = 300;
const QUERIED = 50;

const event = (tenantId: string, eventId: string, accountId: string, ip: string, at: number): DetectionEvent => ({
  eventId,
  tenantId,
  accountId,
  type: 'user.authentication.failed',
  kinds: ['LOGIN_FAILED'],
  outcome: 'FAILURE',
  occurredAt: new Date(at),
  ip,
});

describe('the grouped window read on a grown tenant', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;
  let history: MongoDetectionHistory;

  beforeAll(async () => {
    testDb = await startTestDb('detection-read-indexes', { monitorCommands: true });
    db = testDb.db;
    const events = detectionEventModel(db.connection);
    await events.createIndexes();
    history = mongoDetectionHistory(db.connection);
    // The grown tenant: per account and per IP, one event now and nine over the past month.
    const grown = Array.from({ length: ACCOUNTS * 10 }, (_, i) => {
      const account = i % ACCOUNTS;
      const age = Math.floor(i / ACCOUNTS);
      return event(
        'grown',
        `g-${i}`,
        `acc-${account}`,
        `10.0.${Math.floor(account / 250)}.${account % 250}`,
        NOW - age * 3 * DAY,
      );
    });
    // A busy tenant with the same account and IP names, every event in the same minutes as the reads.
    const busy = Array.from({ length: 3_000 }, (_, i) =>
      event('busy', `b-${i}`, `acc-${i % ACCOUNTS}`, `10.0.0.${i % 250}`, NOW - (i % 10) * MINUTE),
    );
    await history.record([...grown, ...busy]);
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  /** Runs the reads together and returns their answers and the finds they sent, explained. */
  async function explainedReads(queries: HistoryQuery[]) {
    const client = db.connection.getClient();
    const finds: Document[] = [];
    const capture = (started: CommandStartedEvent) => {
      const { command } = started;
      if (started.commandName !== 'find' || command.find !== 'detection_events') return;
      finds.push({ find: command.find, filter: command.filter, sort: command.sort, limit: command.limit });
    };
    client.on('commandStarted', capture);
    let answers: DetectionEvent[][];
    try {
      const grouped = new GroupedWindowReads(history);
      answers = await Promise.all(queries.map((query) => grouped.events(query)));
    } finally {
      client.off('commandStarted', capture);
    }
    const explained: Explained[] = [];
    for (const find of finds) {
      explained.push((await db.connection.db!.command({ explain: find, verbosity: 'executionStats' })) as Explained);
    }
    return { answers, explained };
  }

  const window = (narrow: Partial<HistoryQuery>): HistoryQuery => ({
    tenantId: 'grown',
    kind: 'LOGIN_FAILED',
    since: new Date(NOW - 15 * MINUTE),
    until: new Date(NOW + 15 * MINUTE),
    limit: 5_000,
    ...narrow,
  });

  it.each([
    { keys: 'accounts', index: 'accountKeys_1_occurredAt_1', narrow: (i: number) => ({ accountId: `acc-${i}` }) },
    { keys: 'IPs', index: 'ipKeys_1_occurredAt_1', narrow: (i: number) => ({ ip: `10.0.0.${i}` }) },
  ])('reads the $keys of a batch through $index, examining only their own events', async ({ index, narrow }) => {
    const queries = Array.from({ length: QUERIED }, (_, i) => window(narrow(i)));
    const { answers, explained } = await explainedReads(queries);
    expect(answers.map((answer) => answer.map((found) => found.eventId))).toEqual(queries.map((_, i) => [`g-${i}`]));
    expect(explained).toHaveLength(1);
    const [plan] = explained as [Explained];
    expect(plan.queryPlanner.winningPlan).toMatchObject({ stage: 'IXSCAN', indexName: index });
    expect(plan.executionStats.nReturned).toBe(QUERIED);
    // The 50 keys' ten events each; not the 6,000 of the collection, not the busy tenant's.
    expect(plan.executionStats.totalDocsExamined).toBeLessThanOrEqual(QUERIED * 10);
  });
});
