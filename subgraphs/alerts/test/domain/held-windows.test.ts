import { describe, expect, it } from 'vitest';
import type { DetectionEvent } from '../../src/domain/detection-event.js';
import { HeldWindows } from '../../src/domain/held-windows.js';

const event = (index: number, minute: number): DetectionEvent => ({
  eventId: `e-${index}`,
  tenantId: 't-1',
  accountId: 'a-1',
  type: 'test',
  kinds: ['LOGIN_FAILED'],
  outcome: 'FAILURE',
  occurredAt: new Date(Date.UTC(2026, 2, 2, 9, minute)),
});

describe('held windows (ADR 115)', () => {
  it('bounds empty keys too, forgetting the least recently used first', () => {
    const held = new HeldWindows(10);
    for (let key = 0; key < 100; key += 1) held.hold('t-1', `k-${key}`, { from: 0, events: [] });
    // Each empty entry weighs 1: the 10 most recent are held.
    const kept = Array.from({ length: 100 }, (_, key) => held.use('t-1', `k-${key}`) !== undefined);
    expect(kept.filter(Boolean)).toHaveLength(10);
    expect(kept.slice(90).every(Boolean)).toBe(true);
  });

  it('counts the events added to an entry, and keeps a used entry over an older one', () => {
    const held = new HeldWindows(6);
    held.hold('t-1', 'old', { from: 0, events: [] });
    held.hold('t-1', 'busy', { from: 0, events: [] });
    held.use('t-1', 'old');
    // 'busy' grows to 2 events (weight 3) + 'old' (1) = 4; a third entry of 2 events (weight 3) brings it to 7 > 6.
    held.add('t-1', 'busy', event(1, 1));
    held.add('t-1', 'busy', event(2, 2));
    held.add('t-1', 'busy', event(2, 2)); // the same event again: not counted twice
    expect(held.use('t-1', 'busy')?.events).toHaveLength(2);
    held.hold('t-1', 'new', { from: 0, events: [event(3, 3), event(4, 4)] });
    expect(held.use('t-1', 'old')).toBeUndefined();
    expect(held.use('t-1', 'busy')).toBeDefined();
    expect(held.use('t-1', 'new')).toBeDefined();
  });

  it('adds an event only to an entry that holds its time, and forgets one tenant only', () => {
    const held = new HeldWindows(100);
    held.hold('t-1', 'k', { from: Date.UTC(2026, 2, 2, 9, 5), events: [] });
    held.hold('t-2', 'k', { from: 0, events: [] });
    held.add('t-1', 'k', event(1, 1)); // before the entry's start: the entry never claimed it
    held.add('t-1', 'k', event(2, 6));
    expect(held.use('t-1', 'k')?.events.map((e) => e.eventId)).toEqual(['e-2']);
    held.forget('t-1');
    expect(held.use('t-1', 'k')).toBeUndefined();
    expect(held.use('t-2', 'k')).toBeDefined();
  });
});
