/**
 * ADR 162: the tenant's watermark is moved by the write that counts a page's recording (one command fewer on the
 * alert's path), so it moves only once the page's events are stored; every instance, a restarted one and a store
 * without the window cache read the same watermark; the watermarks kept in `detection_watermarks` before are carried
 * over at start-up. A crash between the insert and the count is a count that fails once: no clock decides anything.
 */
import type { ActivityRecordedPayload, MongoHandle } from '@vigil/core';
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectionRecordingModel } from '../src/adapters/mongo/detection-recording.model.js';
import { detectionWatermarkModel } from '../src/adapters/mongo/detection-watermark.model.js';
import { foldWatermarks } from '../src/adapters/mongo/fold-watermarks.js';
import type { MongoDetectionHistory } from '../src/adapters/mongo/mongo-detection-history.js';
import { DetectionEngine } from '../src/domain/detection-engine.js';
import type { DetectionHistory } from '../src/domain/detection-history.js';
import { defaultDetectionSettings, resolveTenantRules } from '../src/domain/tenant-rules.js';
import { WindowCache } from '../src/domain/window-cache.js';
import { mongoDetectionHistory } from './support/detection-history.js';
import { activity, at } from './support/events.js';
import { startTestDb, type TestDb } from './support/embedded-db.js';
import { AlertsHarness } from './support/harness.js';

const RULES = resolveTenantRules(defaultDetectionSettings('demo'));
const LATENESS = RULES.latenessMinutes;

/** A failed login of `accountId` in `tenantId`, `minute` minutes after the test events' base time. */
function failed(tenantId: string, minute: number, accountId = 'acc-1'): ActivityRecordedPayload {
  return activity({
    type: 'user.authentication.failed',
    outcome: 'FAILURE',
    occurredAt: at(minute),
    tenantId,
    accountId,
    ip: '198.51.100.7',
  });
}

function engineOver(history: DetectionHistory): DetectionEngine {
  return new DetectionEngine(history, async () => RULES);
}

describe('the watermark moves with the recording count (ADR 162)', () => {
  let testDb: TestDb | undefined;
  let db: MongoHandle;

  beforeAll(async () => {
    testDb = await startTestDb('watermark-with-count', { monitorCommands: true });
    db = testDb.db;
  });

  afterAll(async () => {
    await testDb?.stop();
  });

  const recordings = () => detectionRecordingModel(db.connection);

  it('sends no command of its own on a page’s way: the count’s write moves it, and an event behind it is too late', async () => {
    const engine = engineOver(new WindowCache(mongoDetectionHistory(db.connection)));
    const sent: string[] = [];
    const client = db.connection.getClient();
    const started = (event: CommandStartedEvent) => sent.push(`${event.commandName} ${String(event.command[event.commandName])}`);
    client.on('commandStarted', started);
    const { tooLate } = await engine.judgeBatch([failed('t-one', 100), failed('t-one', 101)]);
    client.off('commandStarted', started);

    expect(tooLate).toEqual([]);
    expect(
      sent.filter((command) => command.includes('detection_watermarks')),
      sent.join('\n'),
    ).toEqual([]);
    expect(
      sent.filter((command) => command === 'findAndModify detection_recordings'),
      sent.join('\n'),
    ).toHaveLength(1);
    expect((await recordings().findById('t-one').lean())?.newestEventAt).toEqual(new Date(at(101)));
    const behind = await engine.judgeBatch([failed('t-one', 101 - LATENESS - 1)]);
    expect(behind.tooLate.map((late) => late.watermark)).toEqual([new Date(at(101))]);
  });

  it('is one watermark for every instance, a restarted one and a store without the window cache', async () => {
    await engineOver(new WindowCache(mongoDetectionHistory(db.connection))).judgeBatch([failed('t-shared', 200)]);
    // Another instance (or this one restarted): nothing held, the watermark read from the count's document.
    const restarted = engineOver(new WindowCache(mongoDetectionHistory(db.connection)));
    expect((await restarted.judgeBatch([failed('t-shared', 200 - LATENESS - 1)])).tooLate).toHaveLength(1);
    // Without the cache (ALERTS_WINDOW_CACHE_EVENTS=0) the watermark is moved alone, in the same place.
    const uncached = engineOver(mongoDetectionHistory(db.connection));
    expect((await uncached.judgeBatch([failed('t-shared', 200 - LATENESS - 1)])).tooLate).toHaveLength(1);
    await uncached.judgeBatch([failed('t-shared', 300)]);
    expect((await restarted.judgeBatch([failed('t-shared', 300 - LATENESS - 1)])).tooLate).toHaveLength(1);
  });

  it('moves only once the page is stored: a crash between the insert and the count replays the page whole', async () => {
    const store = mongoDetectionHistory(db.connection);
    let crashes = 1;
    // The insert went through; the process dies before the count's write (here: the write fails once).
    const crashing = Object.assign(Object.create(store) as MongoDetectionHistory, {
      countRecording: async (tenantId: string, newestEventAt?: Date) => {
        if (crashes > 0) {
          crashes -= 1;
          throw new Error('crashed before the count');
        }
        return store.countRecording(tenantId, newestEventAt);
      },
    });
    const page = Array.from({ length: 10 }, (_, index) => failed('t-crash', 400 + index / 10, 'acc-crash'));
    await expect(engineOver(new WindowCache(crashing)).judgeBatch(page)).rejects.toThrow('crashed before the count');
    // The events are stored; the watermark did not run ahead of the count.
    expect((await recordings().findById('t-crash').lean())?.newestEventAt).toBeUndefined();

    // The page handed over again after the restart: judged whole, once, as a clean run judges it.
    const replayed = await engineOver(new WindowCache(crashing)).judgeBatch(page);
    const clean = await engineOver(new WindowCache(store)).judgeBatch(
      page.map((payload) => ({ ...payload, tenantId: 't-clean', eventId: `${payload.eventId}-clean` })),
    );
    expect(replayed.tooLate).toEqual([]);
    expect(replayed.detections.map((detection) => detection.ruleId)).toEqual(
      clean.detections.map((detection) => detection.ruleId),
    );
    expect(replayed.detections.length).toBeGreaterThan(0);
    expect((await recordings().findById('t-crash').lean())?.newestEventAt).toEqual(new Date(page.at(-1)!.occurredAt));
  });

  it('carries the watermarks kept in detection_watermarks over at start-up, never moving one back', async () => {
    const watermarks = detectionWatermarkModel(db.connection);
    await watermarks.create([
      { _id: 't-old', newestEventAt: new Date(at(500)) },
      { _id: 't-ahead', newestEventAt: new Date(at(500)) },
    ]);
    await recordings().create({ _id: 't-ahead', count: 3, epoch: 'kept', newestEventAt: new Date(at(600)) });

    expect(await foldWatermarks(watermarks, recordings())).toBe(2);
    expect(await foldWatermarks(watermarks, recordings())).toBe(2);

    const engine = engineOver(new WindowCache(mongoDetectionHistory(db.connection)));
    expect((await engine.judgeBatch([failed('t-old', 500 - LATENESS - 1)])).tooLate).toHaveLength(1);
    const ahead = await recordings().findById('t-ahead').lean();
    expect(ahead).toMatchObject({ count: 3, epoch: 'kept', newestEventAt: new Date(at(600)) });
    // A tenant first counted by the fold starts its count at zero: the first page's count is one.
    const old = await recordings().findById('t-old').lean();
    expect(old?.count).toBe(1);
  });
});

describe('the subgraph’s start-up (ADR 162)', () => {
  const harness = AlertsHarness.perSuite();

  it('carries a watermark of detection_watermarks over before detection follows the chain', async () => {
    await harness.alerts.stop();
    await detectionWatermarkModel(harness.db.connection).create({ _id: 't-start', newestEventAt: new Date(at(700)) });
    await harness.startAgain();

    const carried = await detectionRecordingModel(harness.db.connection).findById('t-start').lean();
    expect(carried?.newestEventAt).toEqual(new Date(at(700)));
  });
});
