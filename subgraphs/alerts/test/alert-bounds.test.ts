import { BSON } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertModel, type AlertRecord } from '../src/adapters/mongo/alert.model.js';
import { LISTED_ACCOUNTS, LISTED_EVIDENCE, LISTED_OCCURRENCES } from '../src/application/raising/alert-bounds.js';
import type { Detection } from '../src/domain/finding.js';
import { toAlert } from '../src/graphql/mappers/alert.mapper.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import { detection, raiserOn, recordingAnnouncer, resetRaising, type Heard } from './support/page-raising.js';

/** `count` ids `prefix-from` … in order. */
function ids(prefix: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);
}

/** The `n`-th event of a flood on acc-0's key: it triggers, cites itself and the one before, and touches 10 accounts. */
function floodDetection(n: number): Detection {
  return detection('acc-0', n, { relatedAccountIds: ['acc-0', ...ids(`sprayed-${n}`, 0, 10)] });
}

/**
 * An attacker keeps one alert open and floods its key (ADR 118): every detection joining it used to add its events
 * and accounts for good, until the document passed MongoDB's 16 MB and every later join of the tenant failed.
 */
describe('an alert under a flood keeps its lists bounded (ADR 118)', () => {
  let db: TestDb | undefined;

  beforeAll(async () => {
    db = await startTestDb('alert-bounds');
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('lists the newest occurrences and evidence and the first accounts, on the page path', async () => {
    const alerts = alertModel(db!.db.connection);
    await resetRaising(alerts);
    const heard: Heard = { raised: [], grown: [] };
    const raiser = raiserOn(db!.db, recordingAnnouncer(heard));
    await raiser.raise(floodDetection(1));
    // 1,500 joining detections in pages of 250: 1,501 occurrences, 1,502 evidence events, 15,011 accounts.
    let grownWhileFull = 0;
    for (let page = 0; page < 6; page += 1) {
      const full = (await alerts.findOne().lean<AlertRecord>())!.relatedAccountIds.length >= LISTED_ACCOUNTS;
      const before = heard.grown.length;
      const outcomes = await raiser.raiseAll(Array.from({ length: 250 }, (_, i) => floodDetection(2 + page * 250 + i)));
      expect(outcomes.every((outcome) => outcome.kind === 'suppressed')).toBe(true);
      if (full) grownWhileFull += heard.grown.length - before;
    }
    const stored = (await alerts.find().lean<AlertRecord[]>())[0]!;

    expect(await alerts.countDocuments()).toBe(1);
    expect(stored.triggerEventIds).toEqual(ids('e', 1501 - LISTED_OCCURRENCES + 1, LISTED_OCCURRENCES));
    expect(stored.reasons.evidenceEventIds).toEqual(ids('e', 1501 - LISTED_EVIDENCE + 1, LISTED_EVIDENCE));
    expect(stored.evidence.map((ref) => ref.eventId)).toEqual(ids('e', 1501 - LISTED_EVIDENCE + 1, LISTED_EVIDENCE));
    expect(stored.relatedAccountIds).toHaveLength(LISTED_ACCOUNTS);
    expect(stored.relatedAccountIds.slice(0, 11)).toEqual(['acc-0', ...ids('sprayed-1', 0, 10)]);
    expect(stored.lastSeenAt).toEqual(floodDetection(1501).detectedAt);
    expect(toAlert(stored).occurrences).toBe(LISTED_OCCURRENCES);
    expect(BSON.calculateObjectSize(stored)).toBeLessThan(1024 * 1024);
    // Accounts past the bound are not listed, so they are not news for the walls either.
    expect(grownWhileFull).toBe(0);
  });

  it('bounds a new alert and a join on the one-detection path too', async () => {
    const alerts = alertModel(db!.db.connection);
    await resetRaising(alerts);
    const raiser = raiserOn(db!.db, recordingAnnouncer({ raised: [], grown: [] }));
    const huge = (n: number): Detection =>
      detection('acc-9', n, {
        triggerEventId: `e-${n + 1199}`,
        triggerEventIds: ids('e', n, 1200),
        relatedAccountIds: ids(`many-${n}`, 0, 10_500),
        reasons: { ...detection('acc-9', n).reasons, evidenceEventIds: ids('e', n, 300) },
      });

    const first = await raiser.raise(huge(1));
    const stored = (await alerts.findOne().lean<AlertRecord>())!;
    expect(first.kind).toBe('raised');
    expect(stored.triggerEventIds).toEqual(ids('e', 1 + 1200 - LISTED_OCCURRENCES, LISTED_OCCURRENCES));
    expect(stored.evidence.map((ref) => ref.eventId)).toEqual(ids('e', 1 + 300 - LISTED_EVIDENCE, LISTED_EVIDENCE));
    expect(stored.relatedAccountIds).toEqual(ids('many-1', 0, LISTED_ACCOUNTS));

    const joined = await raiser.raise(huge(500));
    const after = (await alerts.findOne().lean<AlertRecord>())!;
    expect(joined.kind).toBe('suppressed');
    expect(after.triggerEventIds).toEqual(ids('e', 500 + 1200 - LISTED_OCCURRENCES, LISTED_OCCURRENCES));
    expect(after.reasons.evidenceEventIds).toEqual(ids('e', 500 + 300 - LISTED_EVIDENCE, LISTED_EVIDENCE));
    expect(after.evidence.map((ref) => ref.eventId)).toEqual(ids('e', 500 + 300 - LISTED_EVIDENCE, LISTED_EVIDENCE));
    expect(after.relatedAccountIds).toEqual(ids('many-1', 0, LISTED_ACCOUNTS));
    // The one-detection path answers with the alert whole (a page's joins read it without its lists, ADR 163).
    expect(joined.kind === 'suppressed' ? (joined.alert as AlertRecord | null)?.triggerEventIds : []).toHaveLength(
      LISTED_OCCURRENCES,
    );
  });
});
