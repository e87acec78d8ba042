import { contactAddressProblem } from '@vigil/core/domain';
import type { RegisteredChannel } from './reset-token.js';

/**
 * A code or reset link goes to exactly one mailbox or phone number. The address on file comes from the accounts
 * database, and records stored before accounts checked addresses may hold a list (`a@x, b@y`, two recipients to a mail
 * library) or a line break (`…\r\nBcc: …`, more header): either sends the customer's code to whoever was written in.
 * Core's contact-address policy says what one plain address is, for accounts, alerts and here alike.
 */
export function isDeliverableAddress(channel: RegisteredChannel): boolean {
  return contactAddressProblem(channel.type, channel.address) === undefined;
}
