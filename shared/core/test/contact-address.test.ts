import { describe, expect, it } from 'vitest';
import { contactAddressProblem } from '../src/domain/contact-address.js';

describe('contact addresses', () => {
  it('takes one plain address per channel', () => {
    expect(contactAddressProblem('EMAIL', 'jordan.rivera+alerts@mail.example.com')).toBeUndefined();
    expect(contactAddressProblem('SMS', '+15555550123')).toBeUndefined();
    expect(contactAddressProblem('VOICE', '+442079460958')).toBeUndefined();
    expect(contactAddressProblem('PUSH', 'fcm:APA91b-x_y.z/+=')).toBeUndefined();
    expect(contactAddressProblem('WEB', 'inbox-42')).toBeUndefined();
  });

  it('refuses what a mail library or a provider would read as more recipients or more header', () => {
    const emails = [
      'a@example.com, b@example.net',
      'a@example.com;b@example.net',
      'a@example.com\r\nBcc: b@example.net',
      'Jordan <a@example.com>',
      '"a,b"@example.com',
      'a@example.com\u0000',
      'a@localhost',
      '',
      `${'a'.repeat(250)}@example.com`,
    ];
    for (const email of emails) expect(contactAddressProblem('EMAIL', email), JSON.stringify(email)).toBeDefined();
    for (const phone of ['+15555550123,+15555550999', '5555550123', '+1 555 555 0123', '+0123456789'])
      expect(contactAddressProblem('SMS', phone), phone).toBeDefined();
    for (const token of ['token with spaces', 'a,b', 'line\nbreak'])
      expect(contactAddressProblem('PUSH', token), token).toBeDefined();
  });
});
