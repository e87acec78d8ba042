import type { RegisteredChannel } from './reset-token.js';

/**
 * A code or reset link goes to exactly one mailbox or phone number. The address on file is read from the accounts
 * database, where a contact channel's address is only length-checked: mail libraries read `a@x, b@y` as two
 * recipients and a line break or `<…>` as more header, so an address holding either sends the customer's code to
 * whoever was written in. Only the plain forms pass: `local@domain.tld` without spaces, commas, semicolons, colons,
 * quotes, brackets or backslashes; E.164 for SMS.
 */
const ONE_MAILBOX = /^[^\s@,;:<>()[\]\\"]{1,64}@[^\s@,;:<>()[\]\\"]+\.[^\s@,;:<>()[\]\\"]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function isDeliverableAddress(channel: RegisteredChannel): boolean {
  return channel.type === 'EMAIL' ? ONE_MAILBOX.test(channel.address) : E164.test(channel.address);
}
