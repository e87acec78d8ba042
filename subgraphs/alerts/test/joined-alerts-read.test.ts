import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel, type AlertRecord } from '../src/adapters/mongo/alert.model.js';
import type { AlertAnnouncer } from '../src/application/ports.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import { detection, raiserOn, resetRaising } from './support/page-raising.js';

/** An announcer keeping the alerts the walls were told grew, as they were handed over. */
function wholeAnnouncer(grown: AlertRecord[]): AlertAnnouncer {
  return {
    raised: async () => undefined,
    grown: async (alert) => void grown.push(structuredClone(alert)),
    updated: async () => undefined,
    escalated: async () => undefined,
    changed: async () => undefined,
  };
}

/**
 * A page's joins read their alerts back without the lists nobody after the page reads (ADR 163); the walls still
 * hear a grown alert whole, as the joins left it, and the outcomes still carry the joined alerts' numbers.
 */
describe('the read after a page of joins (ADR 163)', () => {
  let db: TestDb | undefined;

  beforeAll(async () => {
    db = await startTestDb('joined-alerts-read');
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('announces a grown alert with its lists, comments and history as stored after the joins', async () => {
    const alerts = alertModel(db!.db.connection);
    await resetRaising(alerts);
    const grown: AlertRecord[] = [];
    const raiser = raiserOn(db!.db, wholeAnnouncer(grown));
    for (const account of ['acc-1', 'acc-2']) await raiser.raise(detection(account, 1, { magnitude: 3 }));
    await alerts.updateMany({}, { $push: { comments: { id: 'c-1', by: 'analyst', at: new Date(), text: 'watching' } } });

    // acc-1's count quadruples (announced); acc-2's grows a little (not announced); events arrive out of order.
    const page = [
      detection('acc-1', 30, { magnitude: 12, relatedAccountIds: ['acc-1'] }),
      detection('acc-2', 31, { magnitude: 4 }),
      detection('acc-1', 20, { magnitude: 7 }),
      detection('acc-1', 30, { magnitude: 12 }),
    ];
    const outcomes = await raiser.raiseAll(page);

    const stored = await alerts.find().sort({ accountId: 1 }).lean<AlertRecord[]>();
    expect(grown.map((alert) => alert._id)).toEqual([stored[0]!._id]);
    const heard = grown[0]!;
    const now = stored[0]!;
    expect(heard.triggerEventIds).toEqual(now.triggerEventIds);
    expect(heard.triggerEventIds).toEqual(['e-1', 'e-30', 'e-20']);
    expect(heard.evidence).toEqual(now.evidence);
    expect(heard.reasons).toEqual(now.reasons);
    expect(heard.comments).toEqual(now.comments);
    expect(heard.history).toEqual(now.history);
    expect(heard.magnitude).toBe(12);
    // Heard before its announced count was written, as before: the walls compare with what they last heard.
    expect(heard.announcedMagnitude).toBe(3);
    expect(now.announcedMagnitude).toBe(12);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['suppressed', 'suppressed', 'suppressed', 'suppressed']);
    const joined = outcomes.map((outcome) => (outcome.kind === 'suppressed' ? outcome.alert : null));
    expect(joined.map((alert) => [alert?._id, alert?.magnitude, alert?.status, alert?.relatedAccountIds])).toEqual([
      [now._id, 12, 'OPEN', ['acc-1']],
      [stored[1]!._id, 4, 'OPEN', ['acc-2']],
      [now._id, 12, 'OPEN', ['acc-1']],
      [now._id, 12, 'OPEN', ['acc-1']],
    ]);
  });
});
