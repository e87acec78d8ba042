import { describe, expect, it } from 'vitest';
import { allowedTransitions, MAX_STATUS_CHANGES, planStatusChange } from '../../src/domain/alert-lifecycle.js';
import { accountRiskScore, ruleMetrics } from '../../src/domain/alert-metrics.js';
import { DomainError } from '@vigil/core/domain';

const t = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, minutes));

describe('alert lifecycle', () => {
  it('allows a reopen only while the history keeps room for it and the next close', () => {
    const room = MAX_STATUS_CHANGES - 3;
    expect(allowedTransitions('RESOLVED', room)).toEqual(['OPEN']);
    expect(planStatusChange('RESOLVED', 'OPEN', 'a', t(0), { reason: 'again' }, room)).toHaveLength(1);
    expect(allowedTransitions('RESOLVED', room + 1)).toEqual([]);
    expect(() => planStatusChange('FALSE_POSITIVE', 'OPEN', 'a', t(0), { reason: 'again' }, room + 1)).toThrow(
      /cannot be reopened again/,
    );
    // Closing is never refused for room: the reopen before it kept the room.
    expect(planStatusChange('OPEN', 'RESOLVED', 'a', t(0), { reason: 'done' }, MAX_STATUS_CHANGES - 2)).toHaveLength(2);
    expect(allowedTransitions('ACKNOWLEDGED', MAX_STATUS_CHANGES - 1)).toEqual(['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED']);
    // A transition the status never allows keeps its own message.
    expect(() => planStatusChange('OPEN', 'OPEN', 'a', t(0), {}, MAX_STATUS_CHANGES)).toThrow(/cannot move to OPEN/);
  });

  it('goes OPEN → ACKNOWLEDGED → FALSE_POSITIVE with who, when and why', () => {
    const [ack] = planStatusChange('OPEN', 'ACKNOWLEDGED', 'agent-1', t(3));
    expect(ack).toMatchObject({ from: 'OPEN', to: 'ACKNOWLEDGED', by: 'agent-1' });
    const [closed] = planStatusChange('ACKNOWLEDGED', 'FALSE_POSITIVE', 'agent-1', t(9), {
      reason: 'Customer travelling with VPN',
    });
    expect(closed?.reason).toBe('Customer travelling with VPN');
  });

  it('closes an OPEN alert in one call, recording the acknowledgement on the way', () => {
    const steps = planStatusChange('OPEN', 'RESOLVED', 'a', t(0), { reason: 'password reset with the customer' });
    expect(steps.map((step) => [step.from, step.to])).toEqual([
      ['OPEN', 'ACKNOWLEDGED'],
      ['ACKNOWLEDGED', 'RESOLVED'],
    ]);
  });

  it('reopens a closed alert with a reason; refuses what the state forbids, listing what it allows', () => {
    expect(planStatusChange('RESOLVED', 'OPEN', 'a', t(0), { reason: 'attack resumed' })[0]?.to).toBe('OPEN');
    expect(() => planStatusChange('RESOLVED', 'OPEN', 'a', t(0))).toThrow(/reason is required/);
    try {
      planStatusChange('ACKNOWLEDGED', 'ACKNOWLEDGED', 'a', t(0));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('CONFLICT');
      expect((error as DomainError).details).toEqual({
        state: 'ACKNOWLEDGED',
        requested: 'ACKNOWLEDGED',
        allowedTransitions: ['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'],
      });
    }
    expect(allowedTransitions('FALSE_POSITIVE')).toEqual(['OPEN']);
  });

  it('refuses to close without a reason, or to escalate without a case', () => {
    expect(() => planStatusChange('ACKNOWLEDGED', 'RESOLVED', 'a', t(0), { reason: '  ' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => planStatusChange('ACKNOWLEDGED', 'ESCALATED', 'a', t(0), { reason: 'takeover' })).toThrow(/recovery case/);
    expect(planStatusChange('ACKNOWLEDGED', 'ESCALATED', 'a', t(0), { reason: 'takeover', caseId: 'case-7' })[0]?.caseId).toBe(
      'case-7',
    );
  });

  it('scores account risk from open alerts, capped at 100', () => {
    expect(accountRiskScore([])).toBe(0);
    expect(accountRiskScore([{ severity: 'LOW' }, { severity: 'HIGH' }])).toBe(40);
    expect(accountRiskScore([{ severity: 'CRITICAL' }, { severity: 'CRITICAL' }])).toBe(100);
  });

  it('computes MTTA, MTTR and false-positive rate per tenant and rule', () => {
    const metrics = ruleMetrics([
      {
        tenantId: 'demo',
        ruleId: 'brute-force',
        status: 'FALSE_POSITIVE',
        raisedAt: t(0),
        acknowledgedAt: t(2),
        closedAt: t(10),
      },
      { tenantId: 'demo', ruleId: 'brute-force', status: 'RESOLVED', raisedAt: t(0), acknowledgedAt: t(4), closedAt: t(20) },
      { tenantId: 'demo', ruleId: 'brute-force', status: 'OPEN', raisedAt: t(0) },
      { tenantId: 'acme', ruleId: 'brute-force', status: 'OPEN', raisedAt: t(0) },
    ]);
    expect(metrics).toContainEqual({
      tenantId: 'demo',
      ruleId: 'brute-force',
      alerts: 3,
      open: 1,
      mttaSeconds: 180,
      mttrSeconds: 900,
      falsePositiveRate: 0.5,
    });
    expect(metrics).toContainEqual({
      tenantId: 'acme',
      ruleId: 'brute-force',
      alerts: 1,
      open: 1,
      mttaSeconds: null,
      mttrSeconds: null,
      falsePositiveRate: null,
    });
  });
});
