import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel, type AlertRecord } from '../src/adapters/mongo/alert.model.js';
import { alertSuppressionModel } from '../src/adapters/mongo/alert-suppression.model.js';
import { AlertRaiser, type RaiseOutcome } from '../src/application/alert-raiser.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import {
  BASE,
  comparable,
  detection,
  idOf,
  MINUTE,
  raiserOn,
  recordingAnnouncer,
  resetRaising,
  silent,
  type Heard,
} from './support/page-raising.js';

/**
 * A page's new alerts are written together (ADR 116): one insert of their windows, one of the alerts; what the
 * store refuses (a window another instance opened, an alert stored before) is raised alone, as one by one would.
 */
describe('the new alerts of a page (ADR 116)', () => {
  let pageDb: TestDb | undefined;
  let aloneDb: TestDb | undefined;

  beforeAll(async () => {
    [pageDb, aloneDb] = await Promise.all([
      startTestDb('page-claims'),
      startTestDb('page-claims-alone', { monitorCommands: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([pageDb?.stop(), aloneDb?.stop()]);
  });

  it('writes a page of new alerts with one insert of windows and one of alerts, not two commands per alert (ADR 116)', async () => {
    const alerts = alertModel(aloneDb!.db.connection);
    await resetRaising(alerts);
    const heard: Heard = { raised: [], grown: [] };
    const queued: string[] = [];
    const raiser = raiserOn(aloneDb!.db, recordingAnnouncer(heard), queued);
    const commands: string[] = [];
    const client = aloneDb!.db.connection.getClient();
    // Index builds of the freshly reset collections are mongoose's, not the page's.
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (!event.commandName.startsWith('create'))
        commands.push(`${event.commandName} ${String(event.command[event.commandName])}`);
    };
    client.on('commandStarted', count);
    // 30 accounts, each its first alert; every other account tried twice (the second joins the first's new alert).
    const detections = Array.from({ length: 45 }, (_, i) => detection(`acc-${i % 30}`, 10 + i));
    const outcomes = await raiser.raiseAll(detections);
    client.off('commandStarted', count);

    expect(outcomes.slice(0, 30).every((outcome) => outcome.kind === 'raised' && outcome.fresh)).toBe(true);
    expect(outcomes.slice(30).map(idOf)).toEqual(outcomes.slice(0, 15).map((o) => idOf(o).replace('raised', 'suppressed')));
    expect(heard.raised).toEqual(outcomes.slice(0, 30).map((o) => (o.kind === 'raised' ? o.alert._id : '')));
    expect(queued).toHaveLength(30);
    expect(await alerts.countDocuments()).toBe(30);
    expect(await alertSuppressionModel(alerts.db).countDocuments()).toBe(30);
    expect(commands.filter((c) => c === 'insert alert_suppressions')).toHaveLength(1);
    expect(commands.filter((c) => c === 'insert alerts')).toHaveLength(1);
    // Reads (windows, correlation), the two inserts, publishedAt + queued marks, the joins and their read-back.
    expect(commands.length, commands.join(', ')).toBeLessThanOrEqual(9);
  });

  it('raises alone, as one by one would, a detection whose alert was stored before (a redelivery after its window went)', async () => {
    const pageAlerts = alertModel(pageDb!.db.connection);
    const aloneAlerts = alertModel(aloneDb!.db.connection);
    await resetRaising(pageAlerts, aloneAlerts);
    const redelivered = detection('acc-1', 1);
    const page = raiserOn(pageDb!.db, recordingAnnouncer({ raised: [], grown: [] }));
    const alone = raiserOn(aloneDb!.db, recordingAnnouncer({ raised: [], grown: [] }));
    for (const [raiser, alerts] of [
      [page, pageAlerts],
      [alone, aloneAlerts],
    ] as const) {
      await raiser.raise(redelivered);
      await alertSuppressionModel(alerts.db).deleteMany({}); // swept
    }
    const detections = [redelivered, detection('acc-2', 2), detection('acc-1', 3)];
    const outcomes = await page.raiseAll(detections);
    const expected: RaiseOutcome[] = [];
    for (const d of detections) expected.push(await alone.raise(d));

    expect(outcomes.map(idOf)).toEqual(expected.map(idOf));
    expect(outcomes[0]).toMatchObject({ kind: 'raised', fresh: false });
    const [pageStored, aloneStored] = await Promise.all(
      [pageAlerts, aloneAlerts].map((alerts) => alerts.find().sort({ _id: 1 }).lean<AlertRecord[]>()),
    );
    expect(pageStored.map(comparable)).toEqual(aloneStored.map(comparable));
  });

  it('raises alone a detection whose free window another instance opened after the page read it, and its joins', async () => {
    const alerts = alertModel(aloneDb!.db.connection);
    await resetRaising(alerts);
    const client = aloneDb!.db.connection.getClient();
    // The page's window read has answered: another instance opens acc-2's window (its alert not stored yet).
    const windowsRead = new Promise<void>((resolve) => {
      const onAnswer = (event: { commandName: string; reply: { cursor?: { ns?: string } } }) => {
        if (event.commandName !== 'find' || !event.reply.cursor?.ns?.endsWith('.alert_suppressions')) return;
        client.off('commandSucceeded', onAnswer);
        resolve();
      };
      client.on('commandSucceeded', onAnswer);
    });
    const raiser = new AlertRaiser(
      alerts,
      alertSuppressionModel(aloneDb!.db.connection),
      recordingAnnouncer({ raised: [], grown: [] }),
      async () => undefined,
      async (_tenantId, ids) => {
        await windowsRead;
        await alertSuppressionModel(aloneDb!.db.connection).updateOne(
          { _id: 'demo:brute-force:acc-2' },
          {
            $setOnInsert: {
              _id: 'demo:brute-force:acc-2',
              alertId: 'other-instance',
              until: new Date(BASE + 60 * MINUTE),
            },
          },
          { upsert: true },
        );
        return ids.map((eventId) => ({ eventId }));
      },
      silent,
      () => new Date(BASE),
    );

    const outcomes = await raiser.raiseAll([detection('acc-1', 1), detection('acc-2', 2), detection('acc-2', 3)]);

    expect(outcomes.map(idOf)).toEqual([
      `raised:${outcomes[0]?.kind === 'raised' ? outcomes[0].alert._id : '?'}`,
      'suppressed:other-instance',
      'suppressed:other-instance',
    ]);
    expect((await alerts.find().lean<AlertRecord[]>()).map((alert) => alert.accountId)).toEqual(['acc-1']);
  });
});
