/**
 * ADR 154: a page's new claims do not wait for its second round of reads. The windows of the new alerts are
 * inserted while the alerts holding the other windows (and the accounts' open alerts) are read; only the alerts'
 * insert waits for that round, whose correlation it stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel } from '../src/adapters/mongo/alert.model.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import { detection, idOf, raiserOn, recordingAnnouncer, resetRaising, type Heard } from './support/page-raising.js';

interface CommandEvent {
  readonly commandName: string;
  readonly requestId: number;
  readonly command?: Record<string, unknown>;
}

describe('the rounds of a page’s raise (ADR 154)', () => {
  let testDb: TestDb | undefined;

  beforeAll(async () => {
    testDb = await startTestDb('page-rounds', { monitorCommands: true });
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('inserts the new windows beside the read of the alerts holding the others, and stores as before', async () => {
    const alerts = alertModel(testDb!.db.connection);
    await resetRaising(alerts);
    const heard: Heard = { raised: [], grown: [] };
    const raiser = raiserOn(testDb!.db, recordingAnnouncer(heard));
    // acc-held's window is held by an open alert raised before the page.
    const [before] = await raiser.raiseAll([detection('acc-held', 1)]);
    const log: string[] = [];
    const names = new Map<number, string>();
    const client = testDb!.db.connection.getClient();
    const started = (event: CommandEvent) => {
      const name = `${event.commandName} ${String(event.command?.[event.commandName])}`;
      names.set(event.requestId, name);
      log.push(`sent ${name}`);
    };
    const answered = (event: CommandEvent) => log.push(`answered ${names.get(event.requestId)}`);
    client.on('commandStarted', started);
    client.on('commandSucceeded', answered);
    const outcomes = await raiser.raiseAll([detection('acc-new', 2), detection('acc-held', 3)]);
    client.off('commandStarted', started);
    client.off('commandSucceeded', answered);

    expect(outcomes.map(idOf)).toEqual([expect.stringMatching(/^raised:/), idOf(before!).replace('raised', 'suppressed')]);
    expect(heard.raised).toHaveLength(2);
    const stored = await alerts.findById(outcomes[0]!.kind === 'raised' ? outcomes[0]!.alert._id : '').lean();
    expect(stored?.accountId).toBe('acc-new');
    // The second round: the holders and the open alerts, one find on alerts after the windows' find (ADR 162).
    const secondRound = log.findIndex((line) => line === 'sent find alerts');
    // Its answer (the page's first: later ones are the joins' read-back).
    const lastAnswer = log.indexOf('answered find alerts');
    const windowsSent = log.indexOf('sent insert alert_suppressions');
    expect(secondRound, log.join('\n')).toBeGreaterThan(-1);
    expect(windowsSent, log.join('\n')).toBeGreaterThan(secondRound);
    expect(windowsSent, log.join('\n')).toBeLessThan(lastAnswer);
    // The alerts' insert still follows every answer of that round.
    expect(log.indexOf('sent insert alerts'), log.join('\n')).toBeGreaterThan(lastAnswer);
  });

  it('lets the caller wait after the new alerts are announced and before the joins are written', async () => {
    const alerts = alertModel(testDb!.db.connection);
    await resetRaising(alerts);
    const heard: Heard = { raised: [], grown: [] };
    const raiser = raiserOn(testDb!.db, recordingAnnouncer(heard));
    const [before] = await raiser.raiseAll([detection('acc-held', 1)]);
    const heldId = before!.kind === 'raised' ? before!.alert._id : '';
    const atHook: { announced: number; joined: string[] }[] = [];
    const { outcomes, unsettled } = await raiser.announceAll(
      [detection('acc-new', 2), detection('acc-held', 3)],
      async (announced) => {
        const held = await alerts.findById(heldId).lean();
        atHook.push({ announced: announced.length, joined: held?.triggerEventIds ?? [] });
      },
    );
    expect(atHook).toEqual([{ announced: 1, joined: ['e-1'] }]);
    expect(heard.raised).toHaveLength(2);
    expect(unsettled.map((alert) => alert.accountId)).toEqual(['acc-new']);
    // Joined after the hook (the outcome carries the alert without its lists, ADR 163: the store shows the join).
    expect(outcomes[1]?.kind === 'suppressed' ? outcomes[1].alertId : '').toBe(heldId);
    expect((await alerts.findById(heldId).lean())?.triggerEventIds).toEqual(['e-1', 'e-3']);
    // Not settled yet: that is the caller's, after its wait.
    expect((await alerts.findById(unsettled[0]!._id).lean())?.publishedAt).toBeUndefined();
    await raiser.settle(unsettled);
    expect((await alerts.findById(unsettled[0]!._id).lean())?.publishedAt).toBeInstanceOf(Date);
  });
});
