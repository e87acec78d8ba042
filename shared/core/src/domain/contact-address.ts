/**
 * What a customer's contact address may look like, by channel: one plain address, nothing a mail library, an SMS
 * provider or a push service would read as more than one recipient or as more header. Mail libraries read `a@x, b@y`
 * as two recipients and a line break as a new header line (`Bcc: …`), so an address holding either sends a
 * customer's codes and alerts to whoever was written in. Accounts refuses such addresses when they are registered;
 * senders check again, because records stored before that check may hold one.
 */

/** Characters no part of a plain mailbox holds: separators, quoting, brackets, whitespace and control characters. */
const MAILBOX_PART = '[^\\s\\x00-\\x1f\\x7f@,;:<>()[\\]\\\\"]';
/** `local@domain.tld`: one recipient, no display name, no comments, no quoting. */
const PLAIN_MAILBOX = new RegExp(`^${MAILBOX_PART}{1,64}@${MAILBOX_PART}+\\.${MAILBOX_PART}+$`);
/** E.164: a plus, a country code and up to 15 digits in all (accounts' `phone` input checks it too). */
export const E164_NUMBER = /^\+[1-9]\d{6,14}$/;
/** A device token or web inbox id: printable, no whitespace or separators a provider could split on. */
const OPAQUE_TOKEN = /^[A-Za-z0-9._:~\-/+=]{1,254}$/;

export const CONTACT_ADDRESS_MAX_LENGTH = 254;

/** The channels a customer registers an address on (accounts' ContactChannelType). */
export type ContactAddressChannel = 'EMAIL' | 'SMS' | 'VOICE' | 'PUSH' | 'WEB';

/** Why `address` is not one plain address for `channel`, or undefined when it is. */
export function contactAddressProblem(channel: ContactAddressChannel, address: string): string | undefined {
  if (address.length === 0 || address.length > CONTACT_ADDRESS_MAX_LENGTH) {
    return `must be 1 to ${CONTACT_ADDRESS_MAX_LENGTH} characters`;
  }
  switch (channel) {
    case 'EMAIL':
      return PLAIN_MAILBOX.test(address) ? undefined : 'must be one plain email address (local@domain), nothing more';
    case 'SMS':
    case 'VOICE':
      return E164_NUMBER.test(address) ? undefined : 'must be a phone number in E.164 form, e.g. +15555550123';
    case 'PUSH':
    case 'WEB':
      return OPAQUE_TOKEN.test(address) ? undefined : 'must be a token of letters, digits and . _ : ~ - / + =';
  }
}
