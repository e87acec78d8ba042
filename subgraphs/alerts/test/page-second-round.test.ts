/**
 * ADR 162: a page's second round of reads — the alerts holding its windows and the open alerts of the accounts that
 * may get a new alert — is one read of `alerts`, and answers what the two reads did: the holder a detection joins,
 * and the root its new alert correlates to, also when one alert is both.
 */
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel } from '../src/adapters/mongo/alert.model.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import { detection, idOf, raiserOn, recordingAnnouncer, resetRaising, type Heard } from './support/page-raising.js';

describe('a page’s second round of reads (ADR 162)', () => {
  let testDb: TestDb | undefined;

  beforeAll(async () => {
    testDb = await startTestDb('page-second-round', { monitorCommands: true });
  });
  afterAll(async () => {
    await testDb?.stop();
  });

  it('reads the holders and the open alerts in one find, joining and correlating as the two reads did', async () => {
    const alerts = alertModel(testDb!.db.connection);
    await resetRaising(alerts);
    const heard: Heard = { raised: [], grown: [] };
    const raiser = raiserOn(testDb!.db, recordingAnnouncer(heard));
    // Before the page: acc-held's brute-force window held by an open alert; acc-corr has an open alert of another key.
    const [held, other] = await raiser.raiseAll([
      detection('acc-held', 1),
      detection('acc-corr', 2, { suppressionKey: 'demo:other:acc-corr', groupKey: 'other' }),
    ]);
    const heldId = idOf(held!).replace('raised:', '');
    const otherId = idOf(other!).replace('raised:', '');

    const sent: string[] = [];
    const client = testDb!.db.connection.getClient();
    const started = (event: CommandStartedEvent) => sent.push(`${event.commandName} ${String(event.command[event.commandName])}`);
    client.on('commandStarted', started);
    const outcomes = await raiser.raiseAll([
      // A free window on an account with an open alert: a new alert rooted at that alert.
      detection('acc-corr', 3),
      // A free window on the account whose alert holds another window: that alert is both a holder and a root.
      detection('acc-held', 4, { suppressionKey: 'demo:other:acc-held', groupKey: 'other' }),
      // Inside the held window: joins its alert.
      detection('acc-held', 5),
    ]);
    client.off('commandStarted', started);

    const beforeInsert = sent.slice(0, sent.indexOf('insert alerts'));
    expect(
      beforeInsert.filter((command) => command === 'find alerts'),
      sent.join('\n'),
    ).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['raised', 'raised', 'suppressed']);
    expect(idOf(outcomes[2]!)).toBe(`suppressed:${heldId}`);
    const stored = await alerts
      .find({ _id: { $in: outcomes.slice(0, 2).map((outcome) => idOf(outcome).replace('raised:', '')) } })
      .lean();
    const rootOf = (accountId: string) => stored.find((alert) => alert.accountId === accountId)?.correlatedAlertId;
    expect(rootOf('acc-corr')).toBe(otherId);
    expect(rootOf('acc-held')).toBe(heldId);
  });
});
