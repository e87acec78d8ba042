import { describe, expect, it } from 'vitest';
import { DomainError } from '@vigil/core/domain';
import { allowedTransitions, transition } from '../../src/domain/index.js';

const agent = { kind: 'person', id: 'agent-1', roles: ['AGENT'] } as const;
const supervisor = { kind: 'person', id: 'sup-1', roles: ['SUPERVISOR'] } as const;
const at = new Date('2026-01-05T10:00:00Z');

describe('recovery case lifecycle', () => {
  it('records actor, time and trimmed reason for an allowed move', () => {
    expect(transition('OPEN', 'VERIFYING', agent, '  caller on the line ', at)).toEqual({
      from: 'OPEN',
      to: 'VERIFYING',
      actorId: 'agent-1',
      at,
      reason: 'caller on the line',
    });
  });

  it('answers CONFLICT naming the current state and the allowed moves', () => {
    let error: unknown;
    try {
      transition('OPEN', 'RESOLVED', agent, 'skip ahead', at);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const rule = error as DomainError;
    expect(rule.code).toBe('CONFLICT');
    expect(rule.message).toContain('from OPEN to RESOLVED');
    expect(rule.message).toContain('VERIFYING, ESCALATED, REJECTED, EXPIRED');
    expect(rule.details).toMatchObject({
      state: 'OPEN',
      requested: 'RESOLVED',
      allowedTransitions: ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED'],
    });
  });

  it('lets only a supervisor move a LOCKED or ESCALATED case', () => {
    expect(() => transition('LOCKED', 'VERIFYING', agent, 'try again', at)).toThrow(/needs a SUPERVISOR/);
    expect(transition('LOCKED', 'VERIFYING', supervisor, 'identity reviewed', at).actorId).toBe('sup-1');
    expect(() => transition('ESCALATED', 'REJECTED', agent, 'no', at)).toThrow(/needs a SUPERVISOR/);
  });

  it('lets the system lock a case and demands a reason from people', () => {
    expect(transition('VERIFYING', 'LOCKED', { kind: 'system' }, '3 failed verifications', at).actorId).toBe('system');
    expect(() => transition('OPEN', 'VERIFYING', agent, '   ', at)).toThrow(/reason/);
  });

  it('reopens only finished cases', () => {
    expect(allowedTransitions('RESOLVED')).toEqual(['REOPENED']);
    expect(() => transition('VERIFYING', 'REOPENED', agent, 'x', at)).toThrow(DomainError);
  });
});
