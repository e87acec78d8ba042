/**
 * ADR 141: what the audit timeline keeps of a staff change to an account — the fields that changed, contact values
 * only masked (auditors and analysts read evidence but see contact details masked), and nothing for no change.
 */
import { describe, expect, it } from 'vitest';
import { accountChangeMetadata, accountCreationMetadata, type AuditedAccount } from '../src/domain/account-audit.js';

const account: AuditedAccount = {
  displayName: 'Jordan Rivera',
  email: 'jordan.rivera@example.com',
  phone: '+15555550123',
  status: 'ACTIVE',
  riskScore: 10,
  contactChannels: [{ type: 'EMAIL', address: 'jordan.rivera@example.com', verified: true, alertsOptedOut: false }],
};

describe('account audit record', () => {
  it("names a created account's fields with contact values masked", () => {
    const metadata = accountCreationMetadata(account);
    expect(metadata).toMatchObject({
      after_email: 'j***@example.com',
      after_phone: '+1******0123',
      after_displayName: 'Jordan Rivera',
      after_contactChannels: ['EMAIL j***@example.com verified'],
    });
    expect(JSON.stringify(metadata)).not.toContain('jordan.rivera');
  });

  it('records only the fields that changed, before and after', () => {
    expect(accountChangeMetadata(account, { ...account, status: 'LOCKED', phone: '+15555550999' })).toEqual({
      changedFields: ['phone', 'status'],
      before_phone: '+1******0123',
      after_phone: '+1******0999',
      before_status: 'ACTIVE',
      after_status: 'LOCKED',
    });
  });

  it('records nothing for a change that changes nothing, whatever the channels key order', () => {
    const reordered = account.contactChannels.map((channel) => ({
      alertsOptedOut: channel.alertsOptedOut,
      verified: channel.verified,
      address: channel.address,
      type: channel.type,
    }));
    expect(accountChangeMetadata(account, { ...account, contactChannels: reordered })).toBeUndefined();
  });

  it('names an address changed to one that masks alike', () => {
    const metadata = accountChangeMetadata(account, { ...account, email: 'jane.roe@example.com' });
    expect(metadata?.changedFields).toEqual(['email']);
  });
});
