/**
 * The chain consumer's durable offsets: after a "crash" (a consumer dropped mid-way, a new one on the same data) it
 * resumes from them, and they are written off the path of the events that woke it (ADR 148).
 */
import { expect, it } from 'vitest';
import {
  ActivityChainConsumer,
  ConsumerOffsets,
  InMemoryEventBus,
  MongoActivityChainReader,
  type ActivityRecordedPayload,
} from '../src/index.js';
import { append, consumer, database, logger, tenant, track, useChainDatabase } from './chain-fixture.js';
import { waitFor } from './wait-for.js';

useChainDatabase();

it('resumes after a crash from its durable offset: every event handled, at most the in-flight one twice', async () => {
  const t = tenant();
  const group = 'group-crash';
  const seen = new Map<string, number>();
  const count = (payload: ActivityRecordedPayload) => seen.set(payload.eventId, (seen.get(payload.eventId) ?? 0) + 1);
  // The first consumer "dies" inside the handler of its 30th event: nothing after that is handled or saved.
  let handled = 0;
  let crashed = false;
  const dying = consumer(group, async (payload) => {
    if (crashed) throw new Error('process is dead');
    handled += 1;
    count(payload);
    if (handled === 30) {
      crashed = true;
      throw new Error('kill -9');
    }
  });
  await dying.start();
  await append(t, 1, 60);
  await waitFor('the crash', () => crashed, 20_000);
  await dying.stop();

  const survivor = consumer(group, async (payload) => void count(payload));
  await survivor.start();
  await waitFor('all 60 events', () => seen.size === 60, 20_000);
  await survivor.idle();
  const twice = [...seen.values()].filter((times) => times > 1).length;
  expect(twice).toBeLessThanOrEqual(1);
  expect([...seen.values()].every((times) => times >= 1)).toBe(true);
});

it('saves the offset of stopped catch-ups once, saveDelayMs later, not once per batch; stop() saves at once', async () => {
  const t = tenant();
  const group = 'group-deferred-save';
  const writes: number[] = [];
  class CountingOffsets extends ConsumerOffsets {
    override async advance(g: string, tenantId: string, sequence: number): Promise<void> {
      if (tenantId === t) writes.push(sequence);
      return super.advance(g, tenantId, sequence);
    }
  }
  const offsets = new CountingOffsets(database().connection);
  const seen: string[] = [];
  const follower = (saveDelayMs: number) => {
    const bus = new InMemoryEventBus(logger);
    track({ bus });
    const created = new ActivityChainConsumer({
      group,
      bus,
      chain: new MongoActivityChainReader(database().connection),
      offsets,
      handle: async (payload) => void seen.push(payload.eventId),
      logger,
      sweepIntervalMs: 600_000, // catch-ups start only when woken below
      saveDelayMs,
    });
    track({ consumer: created });
    return created;
  };

  const patient = follower(600_000);
  await patient.start();
  for (let batch = 0; batch < 3; batch += 1) {
    await append(t, batch * 2 + 1, 2);
    patient.wake(t);
    await waitFor(`batch ${batch + 1} handled`, () => seen.length === (batch + 1) * 2, 20_000);
  }
  // Three catch-ups stopped, caught up: none wrote its offset yet (it would have been on the next event's path).
  expect(writes).toEqual([]);
  expect((await offsets.load(group)).offsets.get(t)).toBeUndefined();

  // A crash now loses no event: a new instance of the group starts from the last saved offset and hands them over again.
  const survivor = follower(600_000);
  await survivor.start();
  survivor.wake(t);
  await waitFor('the six events handed over again', () => seen.length === 12, 20_000);
  expect(new Set(seen).size).toBe(6);

  // Stopping saves at once, one write for all three catch-ups.
  await patient.stop();
  expect(writes).toEqual([6]);
  expect((await offsets.load(group)).offsets.get(t)).toBe(6);
  await survivor.stop(); // it handed the six over too, and writes its own position (offsets only move forward)
  expect(writes).toEqual([6, 6]);

  // With a short delay the timer saves by itself, once.
  const timely = follower(50);
  await timely.start();
  await append(t, 7, 2);
  timely.wake(t);
  await waitFor('the delayed save', () => writes.length === 3, 20_000);
  expect(writes).toEqual([6, 6, 8]);
  expect((await offsets.load(group)).offsets.get(t)).toBe(8);
});
