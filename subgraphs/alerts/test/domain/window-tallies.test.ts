/**
 * The rules' windows in one sweep (ADR 117): `satisfiedWindowsAround` answers what building every window containing
 * the event and testing each answered (the reference below, the code before), on random keys' events with ties,
 * late events and floods; and each event enters and leaves the tally once, whatever the flood.
 */
import { describe, expect, it } from 'vitest';
import type { DetectionEvent, EventKind } from '../../src/domain/detection-event.js';
import { byEventTime, MINUTE_MS, satisfiedWindowsAround, type SatisfiedWindows } from '../../src/domain/rules/window-helpers.js';
import {
  distinctKeys,
  eventCount,
  everyKind,
  lightlyTriedAccounts,
  type WindowTally,
} from '../../src/domain/rules/window-tallies.js';

interface Window {
  readonly end: Date;
  readonly last: DetectionEvent;
  readonly events: readonly DetectionEvent[];
}

/** The reference: every window ending at a distinct event time in [event, event + span], each tested whole. */
function reference(
  event: DetectionEvent,
  events: readonly DetectionEvent[],
  windowMinutes: number,
  satisfied: (events: readonly DetectionEvent[]) => boolean,
  size: (events: readonly DetectionEvent[]) => number,
): SatisfiedWindows | null {
  const sorted = [...events].sort(byEventTime);
  const span = windowMinutes * MINUTE_MS;
  const at = event.occurredAt.getTime();
  const windows: Window[] = [];
  let start = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    const end = sorted[index]!.occurredAt.getTime();
    const next = sorted[index + 1];
    if (end < at || end > at + span || (next !== undefined && next.occurredAt.getTime() === end)) continue;
    while (sorted[start]!.occurredAt.getTime() < end - span) start += 1;
    windows.push({ end: new Date(end), last: sorted[index]!, events: sorted.slice(start, index + 1) });
  }
  const hits = windows.filter((window) => satisfied(window.events));
  const first = hits[0];
  if (first === undefined) return null;
  const largest = hits.reduce((best, window) => (size(window.events) > size(best.events) ? window : best), first);
  const union = new Map<string, DetectionEvent>();
  for (const window of hits) for (const candidate of window.events) union.set(candidate.eventId, candidate);
  return {
    firedAt: first.end,
    largest,
    union: [...union.values()].sort(byEventTime),
    triggers: hits.slice(0, 200).map((window) => window.last.eventId),
  };
}

function prng(seed: number): () => number {
  let state = seed * 2654435761;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const BASE = Date.parse('2026-11-30T08:00:00.000Z');
const KINDS: readonly EventKind[] = ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'];

function randomEvents(random: () => number, count: number, spanMinutes: number): DetectionEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `e-${String(i).padStart(4, '0')}`,
    tenantId: 'demo',
    accountId: `acc-${Math.floor(random() * 6)}`,
    type: 'user.authentication.failed',
    kinds: KINDS.filter(() => random() < 0.4),
    outcome: 'FAILURE' as const,
    // Whole seconds over the span: many events share a time (the windows' ties).
    occurredAt: new Date(BASE + Math.floor(random() * spanMinutes * 60) * 1000),
    changedFields: ['email', 'phone', 'address'].filter(() => random() < 0.3),
    caseId: random() < 0.5 ? `case-${Math.floor(random() * 4)}` : undefined,
  }));
}

const lightly = (events: readonly DetectionEvent[], max: number) => {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.accountId, (counts.get(e.accountId) ?? 0) + 1);
  return [...counts.values()].filter((count) => count <= max).length;
};
const distinct = (events: readonly DetectionEvent[], keysOf: (e: DetectionEvent) => readonly string[]) =>
  new Set(events.flatMap(keysOf)).size;

/** The tallies the rules use, each with the whole-window test it replaces. */
const CASES: {
  readonly name: string;
  readonly tally: () => WindowTally;
  readonly satisfied: (events: readonly DetectionEvent[]) => boolean;
  readonly size: (events: readonly DetectionEvent[]) => number;
}[] = [
  { name: 'event count', tally: () => eventCount(5), satisfied: (e) => e.length >= 5, size: (e) => e.length },
  {
    name: 'lightly tried accounts',
    tally: () => lightlyTriedAccounts({ maxPerAccount: 2, minAccounts: 3 }),
    satisfied: (e) => lightly(e, 2) >= 3,
    size: (e) => lightly(e, 2),
  },
  {
    name: 'lightly tried accounts and attempts',
    tally: () => lightlyTriedAccounts({ maxPerAccount: 3, minAccounts: 2, minAttempts: 8 }),
    satisfied: (e) => e.length >= 8 && lightly(e, 3) >= 2,
    size: (e) => lightly(e, 3),
  },
  {
    name: 'distinct fields',
    tally: () => distinctKeys(3, (e) => e.changedFields ?? []),
    satisfied: (e) => distinct(e, (x) => x.changedFields ?? []) >= 3,
    size: (e) => distinct(e, (x) => x.changedFields ?? []),
  },
  {
    name: 'distinct cases',
    tally: () => distinctKeys(3, (e) => [e.caseId ?? e.eventId]),
    satisfied: (e) => distinct(e, (x) => [x.caseId ?? x.eventId]) >= 3,
    size: (e) => distinct(e, (x) => [x.caseId ?? x.eventId]),
  },
  {
    name: 'every kind',
    tally: () => everyKind(KINDS),
    satisfied: (e) => KINDS.every((kind) => e.some((x) => x.kinds.includes(kind))),
    size: (e) => e.length,
  },
];

describe('satisfiedWindowsAround', () => {
  for (const { name, tally, satisfied, size } of CASES) {
    it(`answers as testing every window whole: ${name}`, () => {
      let hits = 0;
      for (let seed = 1; seed <= 60; seed += 1) {
        const random = prng(seed);
        const drawn = randomEvents(random, 5 + Math.floor(random() * 60), 40);
        // An event listed twice (as a read over two keys of one event would): the union lists it once.
        const listed = [...drawn, ...drawn.filter(() => random() < 0.1).map((event) => ({ ...event }))];
        // Half the seeds in event-time order, as reads answer (swept as given), half shuffled (sorted first).
        const events = seed % 2 === 0 ? listed.sort(byEventTime) : listed;
        const windowMinutes = 1 + Math.floor(random() * 15);
        for (const event of events.filter((_, i) => i % 7 === 0)) {
          const expected = reference(event, events, windowMinutes, satisfied, size);
          expect(satisfiedWindowsAround(event, events, windowMinutes, tally()), `seed ${seed}, ${event.eventId}`).toEqual(
            expected,
          );
          if (expected !== null) hits += 1;
        }
      }
      // The cases exercise satisfied windows, not only empty answers.
      expect(hits).toBeGreaterThan(20);
    });
  }

  it('slides once over a flood: each event enters and leaves the tally at most once', () => {
    let touched = 0;
    const counted = eventCount(10);
    const tally: WindowTally = {
      add: (e) => {
        touched += 1;
        counted.add(e);
      },
      remove: (e) => {
        touched += 1;
        counted.remove(e);
      },
      satisfied: () => counted.satisfied(),
      size: () => counted.size(),
    };
    // 5,000 failures from one address within five minutes, judged at the first of them: every window qualifies.
    const flood = randomEvents(prng(7), 5_000, 5);
    const first = [...flood].sort(byEventTime)[0]!;
    const hit = satisfiedWindowsAround(first, flood, 5, tally);
    expect(hit?.union).toHaveLength(5_000);
    expect(touched).toBeLessThanOrEqual(2 * 5_000);
  });
});
