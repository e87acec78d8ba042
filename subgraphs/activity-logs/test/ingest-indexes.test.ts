/**
 * Ingestion must not slow down as a tenant grows: every read and every write filter of a recordActivities
 * call is answered by an index (or by `_id`) and examines no more documents than it returns. Each statement
 * the call sends is captured from the driver and explained on the embedded server.
 */
import type { CommandStartedEvent, Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, failedLogin, RECORD, startActivityLogs, type Harness } from './harness.js';

interface Explained {
  queryPlanner: { namespace: string; winningPlan: { stage: string; indexName?: string } };
  executionStats: { nReturned: number; totalDocsExamined: number };
}

/** The find each statement's filter amounts to: what the server plans for it. */
function findsOf(event: CommandStartedEvent): Document[] {
  const { command } = event;
  const collection = command[event.commandName] as string;
  switch (event.commandName) {
    case 'find':
      return [{ find: collection, filter: command.filter ?? {}, sort: command.sort, limit: command.limit }];
    case 'update':
      return (command.updates as Document[]).map((statement) => ({ find: collection, filter: statement.q, limit: 1 }));
    case 'delete':
      return (command.deletes as Document[]).map((statement) => ({ find: collection, filter: statement.q }));
    case 'findAndModify':
      return [{ find: collection, filter: command.query ?? {}, sort: command.sort, limit: 1 }];
    default:
      return [];
  }
}

describe('the ingest path on a grown tenant', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startActivityLogs();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const batch = (tenantId: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) =>
      failedLogin(`acct-${(from + i) % 40}`, { idempotencyKey: `${tenantId}-${from + i}` }),
    );

  it('reads and writes only through indexes, examining what it returns', async () => {
    const ingest = as(['INGEST'], ['grown', 'other']);
    let last: Record<string, unknown>[] = [];
    for (let from = 0; from < 1_200; from += 400) {
      for (const tenantId of ['grown', 'other']) {
        const events = batch(tenantId, from, 400);
        expect((await h.call(ingest, RECORD, { tenantId, events })).errors).toBeUndefined();
        if (tenantId === 'grown') last = events;
      }
    }

    const client = h.db.connection.getClient();
    const statements: Array<{ db: string; find: Document }> = [];
    const capture = (event: CommandStartedEvent) =>
      statements.push(...findsOf(event).map((find) => ({ db: event.databaseName, find })));
    monitorCommands(client, true);
    client.on('commandStarted', capture);
    try {
      // Half new, half retried: the duplicate path reads stored events too.
      const events = [...last.slice(350), ...batch('grown', 1_200, 50)];
      const { data, errors } = await h.call<{ recordActivities: { recordedCount: number } }>(ingest, RECORD, {
        tenantId: 'grown',
        events,
      });
      expect(errors).toBeUndefined();
      expect(data?.recordActivities.recordedCount).toBe(50);
    } finally {
      client.off('commandStarted', capture);
      monitorCommands(client, false);
    }

    const collections = new Set(statements.map((statement) => statement.find.find as string));
    expect([...collections]).toEqual(expect.arrayContaining(['activity_events', 'activity_account_keys']));
    const unindexed: string[] = [];
    for (const { db, find } of statements) {
      const explained = (await client.db(db).command({ explain: find, verbosity: 'executionStats' })) as Explained;
      const { winningPlan } = explained.queryPlanner;
      const { nReturned, totalDocsExamined } = explained.executionStats;
      if (winningPlan.stage === 'COLLSCAN' || totalDocsExamined > nReturned) {
        unindexed.push(
          `${explained.queryPlanner.namespace} ${JSON.stringify(find)}: ${winningPlan.stage}, ${totalDocsExamined} examined for ${nReturned}`,
        );
      }
    }
    expect(unindexed).toEqual([]);
  });
});

/** The driver's switch for command events: a public accessor at run time, left out of its type declarations. */
function monitorCommands(client: MongoClient, on: boolean): void {
  (client as MongoClient & { monitorCommands: boolean }).monitorCommands = on;
}
