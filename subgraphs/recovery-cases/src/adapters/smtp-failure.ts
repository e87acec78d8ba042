import { conflictWith } from '@vigil/core';

/** What nodemailer puts on a failed send, besides a message that quotes the server's reply. */
interface SmtpErrorFields {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
}

/**
 * A failed send, without personal data. nodemailer's errors quote the server's reply, which names the recipient
 * ("550 <jordan@…> unavailable"), and list it in `rejected` / `rejectedErrors`; core logs any error that is not a
 * DomainError with all of that. What is kept: nodemailer's code, the SMTP reply code and the command — enough to tell
 * a refused recipient from a mail server that is down. A refused recipient is the agent's to act on (CONFLICT); the
 * rest is an internal failure.
 */
export function smtpFailure(error: unknown): Error {
  const { code, responseCode, command } = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorFields;
  if (command === 'RCPT TO' || code === 'EENVELOPE') {
    return conflictWith(
      'The mail server refused the registered email address; check it in the account, or use another verification method.',
      { smtpResponseCode: typeof responseCode === 'number' ? responseCode : null },
    );
  }
  const parts = [code, responseCode, command].filter((p) => typeof p === 'string' || typeof p === 'number');
  return new Error(`Sending the recovery email failed (${parts.join(' ') || 'no SMTP detail'}).`);
}
