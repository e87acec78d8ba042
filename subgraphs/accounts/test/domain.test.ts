import { describe, expect, it } from 'vitest';
import { canChangeStatus } from '../src/domain/account-status.js';
import { decodeCursor, encodeCursor } from '../src/domain/cursor.js';
import { defaultContactChannels, normalizeEmail } from '../src/domain/contact-channels.js';
import { AccountStatus, ContactChannelType } from '../src/domain/enums.js';

describe('account status changes', () => {
  it('moves freely between ACTIVE, LOCKED and SUSPENDED', () => {
    expect(canChangeStatus(AccountStatus.ACTIVE, AccountStatus.LOCKED)).toBe(true);
    expect(canChangeStatus(AccountStatus.LOCKED, AccountStatus.ACTIVE)).toBe(true);
    expect(canChangeStatus(AccountStatus.SUSPENDED, AccountStatus.CLOSED)).toBe(true);
  });

  it('never leaves CLOSED', () => {
    for (const status of [AccountStatus.ACTIVE, AccountStatus.LOCKED, AccountStatus.SUSPENDED]) {
      expect(canChangeStatus(AccountStatus.CLOSED, status)).toBe(false);
    }
    expect(canChangeStatus(AccountStatus.CLOSED, AccountStatus.CLOSED)).toBe(true);
  });
});

describe('page cursors', () => {
  it('round-trips an id and rejects foreign strings', () => {
    expect(decodeCursor(encodeCursor('acc-demo-jordan-rivera'))).toBe('acc-demo-jordan-rivera');
    expect(decodeCursor('nope')).toBeUndefined();
    expect(decodeCursor(Buffer.from('id:').toString('base64url'))).toBeUndefined();
  });
});

describe('contact channels', () => {
  it('reaches a new account on its email and, when given, its phone by SMS', () => {
    expect(defaultContactChannels('a@example.com', undefined)).toEqual([
      { type: ContactChannelType.EMAIL, address: 'a@example.com', verified: false, alertsOptedOut: false },
    ]);
    expect(defaultContactChannels('a@example.com', '+15555550100').map((channel) => channel.type)).toEqual(['EMAIL', 'SMS']);
  });

  it('normalises emails', () => {
    expect(normalizeEmail('  Jordan.Rivera@Example.COM ')).toBe('jordan.rivera@example.com');
  });
});
