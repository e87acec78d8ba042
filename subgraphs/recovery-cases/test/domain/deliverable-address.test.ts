import { describe, expect, it } from 'vitest';
import { isDeliverableAddress } from '../../src/domain/deliverable-address.js';

const email = (address: string) => isDeliverableAddress({ type: 'EMAIL', address });

describe('isDeliverableAddress: a code goes to exactly one mailbox or number', () => {
  it('takes plain addresses and E.164 numbers', () => {
    expect(email('jordan.rivera@example.com')).toBe(true);
    expect(email('a+tag@sub.example.co.uk')).toBe(true);
    expect(isDeliverableAddress({ type: 'SMS', address: '+15555550123' })).toBe(true);
  });

  it('refuses lists, names, groups, line breaks and numbers with anything else', () => {
    for (const address of [
      'a@example.com, thief@evil.example',
      'a@example.com;thief@evil.example',
      'Jordan <thief@evil.example>',
      'a@example.com\r\nBcc: thief@evil.example',
      'friends: thief@evil.example;',
      '"a@example.com" thief@evil.example',
      'no-domain@',
      'a@b@c.example',
    ]) {
      expect(email(address), address).toBe(false);
    }
    expect(isDeliverableAddress({ type: 'SMS', address: '+15555550123,+15555550999' })).toBe(false);
  });
});
