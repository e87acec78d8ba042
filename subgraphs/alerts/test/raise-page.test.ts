import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel, type AlertRecord } from '../src/adapters/mongo/alert.model.js';
import { alertSuppressionModel } from '../src/adapters/mongo/alert-suppression.model.js';
import type { RaiseOutcome } from '../src/application/alert-raiser.js';
import { SEVERITIES } from '../src/domain/severity.js';
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
  type Heard,
} from './support/page-raising.js';

/**
 * A page of detections raised together (ADR 114) stores what raising them one by one stores: the same alerts,
 * windows, joins and links; the walls hear about each new alert the same way and about a growing one at most
 * once per page. An alert closed while the page was being raised is taken over, not joined.
 */
describe('raising a page of detections (ADR 114)', () => {
  let pageDb: TestDb | undefined;
  let aloneDb: TestDb | undefined;

  beforeAll(async () => {
    [pageDb, aloneDb] = await Promise.all([startTestDb('raise-page'), startTestDb('raise-alone', { monitorCommands: true })]);
  });
  afterAll(async () => {
    await Promise.all([pageDb?.stop(), aloneDb?.stop()]);
  });

  it('stores what raising the detections one by one stores, and announces growth at most once per alert', async () => {
    const pageAlerts = alertModel(pageDb!.db.connection);
    const aloneAlerts = alertModel(aloneDb!.db.connection);
    for (let seed = 1; seed <= 6; seed += 1) {
      await resetRaising(pageAlerts, aloneAlerts);
      const random = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const accounts = ['acc-1', 'acc-2', 'acc-3', 'acc-4'];
      // Before the page: open alerts on two keys, a closed one on a third, raised alone on both stores.
      const before = [detection('acc-1', 1), detection('acc-2', 2), detection('acc-3', 3)];
      const pageHeard: Heard = { raised: [], grown: [] };
      const aloneHeard: Heard = { raised: [], grown: [] };
      const pageQueued: string[] = [];
      const aloneQueued: string[] = [];
      const page = raiserOn(pageDb!.db, recordingAnnouncer(pageHeard), pageQueued);
      const alone = raiserOn(aloneDb!.db, recordingAnnouncer(aloneHeard), aloneQueued);
      for (const d of before) {
        await page.raise(d);
        await alone.raise(d);
      }
      for (const alerts of [pageAlerts, aloneAlerts]) {
        await alerts.updateOne({ accountId: 'acc-3' }, { $set: { status: 'RESOLVED' } });
      }
      pageHeard.raised.length = 0;
      aloneHeard.raised.length = 0;
      const detections = Array.from({ length: 40 }, (_, i) => {
        const n = 10 + i;
        const account = pick(accounts);
        return detection(account, n, {
          severity: pick(SEVERITIES),
          magnitude: 1 + Math.floor(random() * 30),
          relatedAccountIds: random() < 0.3 ? [account, pick(accounts)] : [account],
          // Now and then a late event (earlier detection time), or a rule without windows.
          ...(random() < 0.15 ? { detectedAt: new Date(BASE - 5 * MINUTE + n) } : {}),
          ...(random() < 0.05 ? { suppressionMinutes: 0, suppressionKey: `demo:unsuppressed:${account}` } : {}),
        });
      });

      const outcomes = await page.raiseAll(detections);
      const expected: RaiseOutcome[] = [];
      for (const d of detections) expected.push(await alone.raise(d));

      expect(outcomes.map(idOf), `seed ${seed}`).toEqual(expected.map(idOf));
      const [pageStored, aloneStored] = await Promise.all(
        [pageAlerts, aloneAlerts].map((alerts) => alerts.find().sort({ _id: 1 }).lean<AlertRecord[]>()),
      );
      expect(pageStored.map(comparable), `seed ${seed}`).toEqual(aloneStored.map(comparable));
      const windows = await Promise.all(
        [pageAlerts, aloneAlerts].map((alerts) => alertSuppressionModel(alerts.db).find().sort({ _id: 1 }).lean()),
      );
      expect(windows[0], `seed ${seed}`).toEqual(windows[1]);
      expect(pageHeard.raised, `seed ${seed}`).toEqual(aloneHeard.raised);
      // Every new alert published and queued for notification once, as one by one (the page writes them together).
      expect([...pageQueued].sort(), `seed ${seed}`).toEqual([...aloneQueued].sort());
      expect(pageStored.every((alert) => alert.publishedAt !== undefined && alert.notificationsQueuedAt !== undefined)).toBe(
        true,
      );
      expect(new Set(pageHeard.grown).size, `seed ${seed}: one growth announcement per alert`).toBe(pageHeard.grown.length);
      for (const id of pageHeard.grown) expect(aloneHeard.grown, `seed ${seed}`).toContain(id);
      // The page joined a closed alert's key: a new alert continues it (not a join to the closed one).
      if (detections.some((d) => d.accountId === 'acc-3'))
        expect(
          pageStored.some((alert) => alert.previousAlertId !== undefined),
          `seed ${seed}`,
        ).toBe(true);
    }
  });

  it('reads and writes a page of joins in a fixed number of commands, not one set per detection', async () => {
    const alerts = alertModel(aloneDb!.db.connection);
    await resetRaising(alerts);
    const raiser = raiserOn(aloneDb!.db, recordingAnnouncer({ raised: [], grown: [] }));
    for (const account of ['acc-1', 'acc-2', 'acc-3']) await raiser.raise(detection(account, 1));
    const commands: string[] = [];
    const client = aloneDb!.db.connection.getClient();
    const count = (event: { commandName: string }) => void commands.push(event.commandName);
    client.on('commandStarted', count);
    const joins = Array.from({ length: 60 }, (_, i) => detection(['acc-1', 'acc-2', 'acc-3'][i % 3]!, 10 + i));
    const outcomes = await raiser.raiseAll(joins);
    client.off('commandStarted', count);

    expect(outcomes.every((outcome) => outcome.kind === 'suppressed' && outcome.alert !== null)).toBe(true);
    // Windows + (evidence is the port's), holders, one bulk write of the joins, one read after, one bulk write of
    // the announced counts: 4 here, where one by one each join took 6-9.
    expect(commands.length).toBeLessThanOrEqual(5);
    const grown = await alerts.find().lean<AlertRecord[]>();
    for (const alert of grown) expect(alert.triggerEventIds).toHaveLength(21);
  });

  it('raises afresh what would have joined an alert closed while the page was being raised', async () => {
    const alerts = alertModel(pageDb!.db.connection);
    await resetRaising(alerts);
    const first = detection('acc-1', 1);
    const heard: Heard = { raised: [], grown: [] };
    // The announcement of the page's first new alert closes the open alert a later detection of the page joins.
    const raiser = raiserOn(
      pageDb!.db,
      recordingAnnouncer(heard, async (alert) => {
        if (alert.accountId === 'acc-2') await alerts.updateOne({ accountId: 'acc-1' }, { $set: { status: 'RESOLVED' } });
      }),
    );
    const held = await raiser.raise(first);
    if (held.kind !== 'raised') throw new Error('the first detection should raise');

    const outcomes = await raiser.raiseAll([detection('acc-2', 20), detection('acc-1', 21)]);

    const [opened, continued] = outcomes;
    expect(opened?.kind).toBe('raised');
    expect(continued?.kind).toBe('raised');
    if (continued?.kind !== 'raised') return;
    expect(continued.alert._id).not.toBe(held.alert._id);
    expect(continued.alert.previousAlertId).toBe(held.alert._id);
    const closed = await alerts.findById(held.alert._id).lean<AlertRecord>();
    expect(closed?.triggerEventIds).toEqual(['e-1']);
  });
});

function prng(seed: number): () => number {
  let state = seed * 2654435761;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
