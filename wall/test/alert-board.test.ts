import { describe, expect, it } from 'vitest';
import { AlertBoard, type WallAlert } from '../src/wall/alert-board.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');

function alert(n: number, overrides: Partial<WallAlert> = {}): WallAlert {
  return {
    id: `a${String(n).padStart(5, '0')}`,
    tenantId: 'demo',
    rule: n % 2 ? 'brute-force' : 'password-spray',
    ruleName: n % 2 ? 'Brute force' : 'Password spray',
    severity: n % 3 ? 'HIGH' : 'CRITICAL',
    status: 'OPEN',
    raisedAt: new Date(NOW - n * 1000).toISOString(),
    occurrences: 1,
    account: { id: `acc-${n}`, displayName: `Customer ${n}` },
    ...overrides,
  };
}

describe('AlertBoard', () => {
  it('lists the newest first and replaces an alert in place when its status changes', () => {
    const board = new AlertBoard(10);
    board.upsert(alert(3));
    board.upsert(alert(1));
    board.upsert(alert(2));
    expect(board.rows().map((a) => a.id)).toEqual(['a00001', 'a00002', 'a00003']);
    expect(board.upsert(alert(2, { status: 'ACKNOWLEDGED' }))).toBe(true);
    expect(board.rows()[1]).toMatchObject({ id: 'a00002', status: 'ACKNOWLEDGED' });
    expect(board.size).toBe(3);
  });

  it('ignores a duplicate delivery (nothing to redraw)', () => {
    const board = new AlertBoard();
    expect(board.upsert(alert(1))).toBe(true);
    expect(board.upsert(alert(1))).toBe(false);
  });

  it('keeps 1,000 alerts an hour in the counts while the list stays capped', () => {
    const board = new AlertBoard(60);
    // 1,000 alerts over the last hour (one every 3.6 s), plus 200 older ones.
    for (let n = 0; n < 1_200; n += 1) board.upsert(alert(n, { raisedAt: new Date(NOW - n * 3_600).toISOString() }));
    expect(board.rows()).toHaveLength(60);
    const counts = board.counts(NOW);
    expect(counts.total).toBe(1_000);
    expect(counts.bySeverity.CRITICAL + counts.bySeverity.HIGH).toBe(1_000);
    expect(counts.byRule).toEqual([
      ['Brute force', 500],
      ['Password spray', 500],
    ]);
    board.prune(NOW);
    expect(board.size).toBe(1_000);
  });

  it('bounds memory whatever the rate', () => {
    const board = new AlertBoard(60, 3_600_000, 500);
    for (let n = 0; n < 2_000; n += 1) board.upsert(alert(n, { raisedAt: new Date(NOW - n).toISOString() }));
    expect(board.size).toBeLessThanOrEqual(500);
    expect(board.size).toBeGreaterThanOrEqual(450);
    expect(board.rows()[0]!.id).toBe('a00000');
  });
});
