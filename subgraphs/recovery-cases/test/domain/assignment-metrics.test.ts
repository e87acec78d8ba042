import { describe, expect, it } from 'vitest';
import { computeMetrics, decideContactChange, median, nextRoundRobinAgent, type CaseFacts } from '../../src/domain/index.js';

describe('round-robin assignment', () => {
  const agents = [
    { id: 'a-3', available: true },
    { id: 'a-1', available: true },
    { id: 'a-2', available: false },
  ];
  it('rotates through available agents in id order and wraps around', () => {
    expect(nextRoundRobinAgent(agents, undefined)).toBe('a-1');
    expect(nextRoundRobinAgent(agents, 'a-1')).toBe('a-3');
    expect(nextRoundRobinAgent(agents, 'a-3')).toBe('a-1');
    // The previous assignee went away: continue after their place in the order.
    expect(nextRoundRobinAgent(agents, 'a-2')).toBe('a-3');
  });
  it('refuses when nobody is available', () => {
    expect(() => nextRoundRobinAgent([{ id: 'a', available: false }], undefined)).toThrow(/No agent/);
  });
});

describe('recovery metrics', () => {
  const t = (h: number) => new Date(Date.UTC(2026, 0, 5, h));
  const base: CaseFacts = {
    status: 'RESOLVED',
    assigneeId: 'a-1',
    openedAt: t(0),
    assignedAt: t(0),
    closedAt: t(2),
    reopenCount: 0,
    inboundContacts: 1,
    verificationResults: ['FAILED', 'PASSED', 'PASSED'],
    slaOutcomes: [{ breached: false }, { breached: false }],
  };
  it('computes FCR, median time to recover, SLA compliance, failed verification rate and per-agent figures', () => {
    const metrics = computeMetrics([
      base,
      { ...base, assigneeId: 'a-2', closedAt: t(6), inboundContacts: 3, slaOutcomes: [{ breached: true }] },
      { ...base, closedAt: t(4), reopenCount: 1, verificationResults: ['PASSED'] },
      { ...base, status: 'VERIFYING', closedAt: undefined, verificationResults: ['FAILED'], slaOutcomes: [] },
    ]);
    expect(metrics).toEqual({
      casesOpened: 4,
      casesResolved: 3,
      firstContactResolutionRate: 1 / 3,
      medianTimeToRecoverMs: 4 * 3_600_000,
      slaCompliance: 4 / 5,
      failedVerificationRate: 3 / 8,
      perAgent: [
        { agentId: 'a-1', casesHandled: 2, medianHandleTimeMs: 3 * 3_600_000 },
        { agentId: 'a-2', casesHandled: 1, medianHandleTimeMs: 6 * 3_600_000 },
      ],
    });
  });
  it('answers null instead of dividing by zero', () => {
    expect(computeMetrics([])).toMatchObject({
      firstContactResolutionRate: null,
      slaCompliance: null,
      medianTimeToRecoverMs: null,
    });
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('contact changes during a recovery', () => {
  const now = new Date();
  it('need a supervisor other than the requester, once', () => {
    const pending = { status: 'PENDING', requestedBy: 'agent-1' } as const;
    expect(() => decideContactChange(pending, { id: 'agent-2', roles: ['AGENT'] }, true, 'ok', now)).toThrow(/SUPERVISOR/);
    expect(() => decideContactChange(pending, { id: 'agent-1', roles: ['SUPERVISOR'] }, true, 'ok', now)).toThrow(
      /someone other/,
    );
    expect(decideContactChange(pending, { id: 'sup-1', roles: ['SUPERVISOR'] }, true, 'verified by document', now).status).toBe(
      'APPROVED',
    );
    expect(() =>
      decideContactChange({ ...pending, status: 'APPROVED' }, { id: 'sup-1', roles: ['SUPERVISOR'] }, false, 'x', now),
    ).toThrow(/already approved/);
  });
});
