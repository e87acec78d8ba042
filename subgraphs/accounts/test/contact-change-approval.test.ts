import { describe, expect, it } from 'vitest';
import { changedContactKinds, newContactAddresses, unapprovedAddresses } from '../src/domain/contact-change-approval.js';
import type { AccountRecord } from '../src/domain/records.js';

const account = {
  _id: 'acc-1',
  tenantId: 'demo',
  email: 'jordan@example.com',
  phone: '+15555550123',
  contactChannels: [
    { type: 'EMAIL', address: 'jordan@example.com', verified: true, alertsOptedOut: false },
    { type: 'SMS', address: '+15555550123', verified: true, alertsOptedOut: false },
  ],
} as AccountRecord;
const [email, sms] = account.contactChannels;

/** What a recovery under way holds for a second person's approval (ADR 139), and what it lets through. */
describe('new contact addresses during a recovery', () => {
  it('finds none in an update that only removes, reorders or flags addresses on file, whatever their case', () => {
    expect(
      newContactAddresses(account, {
        contactChannels: [
          { ...sms!, alertsOptedOut: true },
          { ...email!, verified: false },
        ],
      }),
    ).toEqual([]);
    expect(newContactAddresses(account, { contactChannels: [sms!], email: 'Jordan@Example.com ' })).toEqual([]);
    // The account's own phone, now also for calls: on file already.
    expect(newContactAddresses(account, { contactChannels: [email!, sms!, { ...sms!, type: 'VOICE' }] })).toEqual([]);
  });

  it('names each new address by its input field and kind', () => {
    const added = newContactAddresses(account, {
      email: 'thief@evil.example',
      contactChannels: [email!, { type: 'PUSH', address: 'token-1', verified: true, alertsOptedOut: false }],
    });
    expect(added).toEqual([
      { input: 'email', field: 'EMAIL', address: 'thief@evil.example' },
      { input: 'contactChannels[1].address', field: 'OTHER', address: 'token-1' },
    ]);
  });

  it('lets through only the approved value of the approved field; push and web tokens never', () => {
    const added = newContactAddresses(account, {
      email: 'New@Example.com',
      phone: '+15555559999',
      contactChannels: [{ type: 'WEB', address: 'inbox-9', verified: true, alertsOptedOut: false }],
    });
    const approved = [
      { field: 'EMAIL', newValue: 'new@example.com' },
      // Approved as an email: does not make the number acceptable as a phone.
      { field: 'EMAIL', newValue: '+15555559999' },
    ] as const;
    expect(unapprovedAddresses(added, approved).map((a) => a.input)).toEqual(['phone', 'contactChannels[0].address']);
  });
});

/** Which contact kinds an update stamps, starting their cooling-off before recovery material goes to them (ADR 150). */
describe('contact kinds an update changes', () => {
  it('stamps the kind of each new address, and none for addresses on file, flags or push and web tokens', () => {
    expect(changedContactKinds(account, { contactChannels: [{ ...sms!, alertsOptedOut: true }, email!] })).toEqual([]);
    expect(changedContactKinds(account, { email: ' JORDAN@example.com' })).toEqual([]);
    expect(
      changedContactKinds(account, {
        contactChannels: [email!, sms!, { type: 'WEB', address: 'inbox-1', verified: true, alertsOptedOut: false }],
      }),
    ).toEqual([]);
    expect(changedContactKinds(account, { email: 'new@example.com' })).toEqual(['EMAIL']);
    expect(
      changedContactKinds(account, {
        phone: '+15555559999',
        contactChannels: [email!, { type: 'VOICE', address: '+15555558888', verified: true, alertsOptedOut: false }],
      }),
    ).toEqual(['PHONE']);
    expect(changedContactKinds(account, { email: 'new@example.com', phone: '+15555559999' })).toEqual(['EMAIL', 'PHONE']);
  });
});
