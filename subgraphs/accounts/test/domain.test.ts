import { describe, expect, it } from 'vitest';
import { allowedStatusChanges, canChangeStatus } from '../src/domain/account-status.js';
import { defaultContactChannels, normalizeEmail } from '../src/domain/contact-channels.js';

describe('account status changes', () => {
  it('moves freely between ACTIVE, LOCKED and SUSPENDED', () => {
    expect(canChangeStatus('ACTIVE', 'LOCKED')).toBe(true);
    expect(canChangeStatus('LOCKED', 'ACTIVE')).toBe(true);
    expect(canChangeStatus('SUSPENDED', 'CLOSED')).toBe(true);
  });

  it('never leaves CLOSED', () => {
    for (const status of ['ACTIVE', 'LOCKED', 'SUSPENDED'] as const) {
      expect(canChangeStatus('CLOSED', status)).toBe(false);
    }
    expect(canChangeStatus('CLOSED', 'CLOSED')).toBe(true);
  });
});

describe('allowed status changes', () => {
  it('names what a refused change could have been instead (CLOSED: nothing)', () => {
    expect(allowedStatusChanges('ACTIVE')).toEqual(['LOCKED', 'SUSPENDED', 'CLOSED']);
    expect(allowedStatusChanges('CLOSED')).toEqual([]);
  });
});

describe('contact channels', () => {
  it('reaches a new account on its email and, when given, its phone by SMS', () => {
    expect(defaultContactChannels('a@example.com', undefined)).toEqual([
      { type: 'EMAIL', address: 'a@example.com', verified: false, alertsOptedOut: false },
    ]);
    expect(defaultContactChannels('a@example.com', '+15555550100').map((channel) => channel.type)).toEqual(['EMAIL', 'SMS']);
  });

  it('normalises emails', () => {
    expect(normalizeEmail('  Jordan.Rivera@Example.COM ')).toBe('jordan.rivera@example.com');
  });
});
