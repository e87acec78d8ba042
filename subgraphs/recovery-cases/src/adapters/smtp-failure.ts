import { conflictWith } from '@vigil/core';
import { MessageNotSent } from '../application/ports.js';

/** What nodemailer puts on a failed send, besides a message that quotes the server's reply. */
interface SmtpErrorFields {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
}

/**
 * nodemailer's codes for failures that end before the mail server took the message: it refused the sender, the
 * recipient or the message (EENVELOPE, EMESSAGE), the login failed (EAUTH), or its name did not resolve (EDNS). A
 * connection that closes or times out is reported alike before and after the message went out (ECONNECTION,
 * ESOCKET, ETIMEDOUT with command CONN), so it may have arrived (ADR 135).
 */
const NOTHING_LEFT = new Set(['EENVELOPE', 'EMESSAGE', 'EAUTH', 'EDNS']);

/**
 * A failed send, without personal data. nodemailer's errors quote the server's reply, which names the recipient
 * ("550 <jordan@…> unavailable"), and list it in `rejected` / `rejectedErrors`; core logs any error that is not a
 * DomainError with all of that. What is kept: nodemailer's code, the SMTP reply code and the command — enough to tell
 * a refused recipient from a mail server that is down. A refused recipient is the agent's to act on (CONFLICT); the
 * rest is an internal failure. Wrapped in `MessageNotSent` when the message certainly did not leave.
 */
export function smtpFailure(error: unknown): Error {
  const { code, responseCode, command } = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorFields;
  if (command === 'RCPT TO' || code === 'EENVELOPE') {
    return new MessageNotSent(
      conflictWith(
        'The mail server refused the registered email address; check it in the account, or use another verification method.',
        { smtpResponseCode: typeof responseCode === 'number' ? responseCode : null },
      ),
    );
  }
  const parts = [code, responseCode, command].filter((p) => typeof p === 'string' || typeof p === 'number');
  const failure = new Error(`Sending the recovery email failed (${parts.join(' ') || 'no SMTP detail'}).`);
  return typeof code === 'string' && NOTHING_LEFT.has(code) ? new MessageNotSent(failure) : failure;
}
