import { describe, expect, it } from 'vitest';
import { BatchHistoryView } from '../../src/domain/batch-history.js';
import type { DetectionEvent } from '../../src/domain/detection-event.js';
import type { HistoryQuery } from '../../src/domain/detection-history.js';
import { timed, within } from '../../src/domain/timed-events.js';
import { InMemoryDetectionHistory } from '../support/in-memory-history.js';

const base = Date.parse('2026-12-01T10:00:00Z');
const failure = (n: number, second: number): DetectionEvent => ({
  eventId: `e-${n}`,
  tenantId: 'demo',
  accountId: 'acc-1',
  type: 'user.authentication.failed',
  kinds: ['LOGIN_FAILED'],
  outcome: 'FAILURE',
  occurredAt: new Date(base + second * 1000),
  ip: '198.51.100.7',
});

/** A small deterministic generator, so a failure names its seed. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const filtered = (events: readonly DetectionEvent[], since: number, until: number) =>
  events.filter((event) => event.occurredAt.getTime() >= since && event.occurredAt.getTime() <= until);

/** A batch's reads of one key answered by range from one kept answer (ADR 163): what filtering it answered. */
describe('ranges of a kept window answer', () => {
  it('keeps exactly what filtering keeps: shared times, range ends on an event, ranges outside, unordered answers', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = prng(seed);
      // Few distinct seconds, so many events share a time and ranges often end exactly on one.
      const seconds = Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 20));
      const inOrder = seed % 4 !== 0;
      const events = (inOrder ? [...seconds].sort((a, b) => a - b) : seconds).map((second, n) => failure(n, second));
      const answer = timed(events);
      if (inOrder) expect(answer.times, `seed ${seed}`).toBeDefined();
      for (let probe = 0; probe < 30; probe += 1) {
        const since = base + Math.floor(random() * 24 - 2) * 1000;
        const until = since + Math.floor(random() * 10 - 1) * 1000;
        expect(within(answer, since, until), `seed ${seed}`).toEqual(filtered(events, since, until));
      }
    }
  });

  it('answers each event of a batch as the store does when the key holds many events at the same times', async () => {
    const stored = Array.from({ length: 300 }, (_, n) => failure(n, Math.floor(n / 7)));
    const history = new InMemoryDetectionHistory();
    await history.record(stored);
    const view = new BatchHistoryView(history, 30_000);
    const query = (second: number, limit?: number): HistoryQuery => ({
      tenantId: 'demo',
      kind: 'LOGIN_FAILED',
      accountId: 'acc-1',
      since: new Date(base + (second - 5) * 1000),
      until: new Date(base + (second + 5) * 1000),
      ...(limit === undefined ? {} : { limit }),
    });
    const queries = Array.from({ length: 30 }, (_, second) => query(second + 5, second % 3 === 0 ? 9 : undefined));
    const answers = await Promise.all(queries.map((q) => view.events(q)));
    for (const [index, q] of queries.entries()) expect(answers[index]).toEqual(await history.events(q));
  });
});
