import { describe, expect, it } from 'vitest';
import { BatchHistoryView } from '../../src/domain/batch-history.js';
import type { DetectionEvent } from '../../src/domain/detection-event.js';
import type { HistoryQuery } from '../../src/domain/detection-history.js';
import { InMemoryDetectionHistory } from '../support/in-memory-history.js';

const MINUTE = 60_000;
const base = Date.parse('2026-11-22T10:00:00Z');
const failure = (minute: number, accountId = 'acc-1'): DetectionEvent => ({
  eventId: `e-${accountId}-${minute}`,
  tenantId: 'demo',
  accountId,
  type: 'user.authentication.failed',
  kinds: ['LOGIN_FAILED'],
  outcome: 'FAILURE',
  occurredAt: new Date(base + minute * MINUTE),
  ip: '198.51.100.7',
});

/** The in-memory history, counting the reads that reach it. */
class CountingHistory extends InMemoryDetectionHistory {
  reads = 0;
  override async events(query: HistoryQuery): Promise<DetectionEvent[]> {
    this.reads += 1;
    return super.events(query);
  }
}

const around = (minute: number, extra: Partial<HistoryQuery> = {}): HistoryQuery => ({
  tenantId: 'demo',
  kind: 'LOGIN_FAILED',
  accountId: 'acc-1',
  since: new Date(base + (minute - 15) * MINUTE),
  until: new Date(base + (minute + 15) * MINUTE),
  ...extra,
});

describe('BatchHistoryView', () => {
  const stored = [...Array.from({ length: 40 }, (_, i) => failure(i - 20)), failure(3, 'acc-2')];

  it('answers every event of a batch exactly as the store does, with one read per key', async () => {
    const history = new CountingHistory();
    await history.record(stored);
    // A batch spanning minutes 0..9: every event's window read, widened by the spread, is one store read.
    const view = new BatchHistoryView(history, 9 * MINUTE);
    const queries = Array.from({ length: 10 }, (_, minute) => around(minute));
    const answers = await Promise.all(queries.map((query) => view.events(query)));
    expect(history.reads).toBe(1);
    const direct = new InMemoryDetectionHistory();
    await direct.record(stored);
    for (const [index, query] of queries.entries()) expect(answers[index]).toEqual(await direct.events(query));
    // Another key (another account) is its own read.
    expect(await view.events(around(3, { accountId: 'acc-2' }))).toEqual([failure(3, 'acc-2')]);
    expect(history.reads).toBe(2);
  });

  it('keeps the newest events under a limit, and asks the store again when the wider read was cut by its limit', async () => {
    const history = new CountingHistory();
    await history.record(stored);
    const view = new BatchHistoryView(history, 9 * MINUTE);
    // The widened read (minutes -15..24) holds 35 events, more than the limit: it is not complete for a narrower range.
    const limited = around(0, { limit: 30 });
    const answer = await view.events(limited);
    expect(answer).toEqual(await history.events(limited));
    expect(answer).toHaveLength(30);
    expect(answer.at(-1)?.eventId).toBe('e-acc-1-15');
  });
});
