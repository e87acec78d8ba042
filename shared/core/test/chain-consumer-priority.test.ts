/**
 * Background chain consumers and delayed offset writes let the process's foreground catch-ups go first, bounded
 * (ADR 159): a background consumer woken with a foreground one handles the batch after it, a delayed offset write due
 * while a foreground catch-up runs is written after it, and neither waits longer than `backgroundWaitMs`.
 */
import { expect, it } from 'vitest';
import {
  ActivityChainConsumer,
  ConsumerOffsets,
  ForegroundCatchUps,
  InMemoryEventBus,
  MongoActivityChainReader,
  TOPICS,
  type ActivityChainConsumerOptions,
  type ActivityRecordedPayload,
} from '../src/index.js';
import { append, database, logger, tenant, track, useChainDatabase } from './chain-fixture.js';
import { waitFor } from './wait-for.js';

useChainDatabase();

/** A promise the test opens. */
function gate(): { readonly opened: Promise<void>; readonly open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

type Extra = Partial<Pick<ActivityChainConsumerOptions, 'priority' | 'backgroundWaitMs' | 'saveDelayMs' | 'offsets'>>;

function consumerOn(
  bus: InMemoryEventBus,
  foreground: ForegroundCatchUps,
  group: string,
  handle: (payload: ActivityRecordedPayload) => Promise<void>,
  extra: Extra = {},
): ActivityChainConsumer {
  const created = new ActivityChainConsumer({
    group,
    bus,
    chain: new MongoActivityChainReader(database().connection),
    offsets: new ConsumerOffsets(database().connection),
    handle,
    logger,
    sweepIntervalMs: 600_000, // catch-ups start only when woken below
    backgroundWaitMs: 600_000,
    foreground,
    ...extra,
  });
  track({ consumer: created });
  return created;
}

it('a background consumer woken with a foreground one handles the batch once the foreground catch-up is done', async () => {
  const t = tenant();
  const bus = new InMemoryEventBus(logger);
  track({ bus });
  const foreground = new ForegroundCatchUps();
  const order: string[] = [];
  const held = gate();
  // The background group subscribes first, so the bus message wakes it before the foreground one.
  const background = consumerOn(
    bus,
    foreground,
    'priority-background',
    async (p) => void order.push(`background ${p.sequence}`),
    {
      priority: 'background',
    },
  );
  const detection = consumerOn(bus, foreground, 'priority-foreground', async (p) => {
    order.push(`foreground ${p.sequence}`);
    await held.opened;
  });
  await background.start();
  await detection.start();

  await append(t, 1, 2);
  await bus.publish(TOPICS.activityRecorded, { tenantId: t });
  await waitFor(
    'the foreground held in its handler, the background parked',
    () => order.length === 1 && foreground.waiting === 1,
    20_000,
  );
  expect(order).toEqual(['foreground 1']);

  held.open();
  await waitFor('both groups handled both events', () => order.length === 4, 20_000);
  expect(order).toEqual(['foreground 1', 'foreground 2', 'background 1', 'background 2']);
});

it('a background consumer behind a foreground catch-up that does not end still handles every event after backgroundWaitMs', async () => {
  const t = tenant();
  const bus = new InMemoryEventBus(logger);
  track({ bus });
  const foreground = new ForegroundCatchUps();
  const seen: number[] = [];
  const background = consumerOn(bus, foreground, 'priority-bounded', async (p) => void seen.push(p.sequence!), {
    priority: 'background',
    backgroundWaitMs: 20,
  });
  await background.start();
  const end = foreground.begin(); // a foreground catch-up that outlives the test
  try {
    await append(t, 1, 3);
    background.wake(t);
    await waitFor('every event handled despite the foreground', () => seen.length === 3, 20_000);
    expect(seen).toEqual([1, 2, 3]);
  } finally {
    end();
  }
});

it('a delayed offset write due while a foreground catch-up runs is written after it', async () => {
  const writes: string[] = [];
  const quick = tenant();
  const slow = tenant();
  class CountingOffsets extends ConsumerOffsets {
    override async advance(group: string, tenantId: string, sequence: number): Promise<void> {
      if (tenantId === quick) writes.push(`${group} ${sequence}`);
      return super.advance(group, tenantId, sequence);
    }
  }
  const bus = new InMemoryEventBus(logger);
  track({ bus });
  const foreground = new ForegroundCatchUps();
  const held = gate();
  const handled: string[] = [];
  const consumer = consumerOn(
    bus,
    foreground,
    'priority-save',
    async (p) => {
      handled.push(p.tenantId);
      if (p.tenantId === slow) await held.opened;
    },
    { saveDelayMs: 1, offsets: new CountingOffsets(database().connection) },
  );
  await consumer.start();

  await append(slow, 1, 1);
  consumer.wake(slow);
  await waitFor('the slow tenant held in its handler', () => handled.includes(slow), 20_000);
  await append(quick, 1, 2);
  consumer.wake(quick);
  await waitFor('the quick tenant handled, its write due and parked', () => foreground.waiting === 1, 20_000);
  expect(handled.filter((id) => id === quick)).toHaveLength(2);
  expect(writes).toEqual([]);

  held.open();
  await waitFor('the delayed write', () => writes.length === 1, 20_000);
  expect(writes).toEqual(['priority-save 2']);
});
