/**
 * How handing a code or reset link to the customer ended (ADR 135). The secret is recorded before it is sent — that
 * record is what bounds concurrent sends — and the outcome after:
 * - SENT: the mail server took it.
 * - NOT_SENT: it certainly did not leave (the server refused the recipient or the message).
 * - UNCERTAIN: the send failed in a way that does not say whether it left (a dropped connection, a timeout).
 * Absent while the send is under way, or for good when the process stopped meanwhile.
 */
export type DeliveryOutcome = 'SENT' | 'NOT_SENT' | 'UNCERTAIN';

/**
 * A secret recorded as not delivered does not work, even if it did arrive: the audit trail says the customer never
 * got it, and an undelivered code must give nobody guesses.
 */
export function deliveryFailed(outcome: DeliveryOutcome | undefined): boolean {
  return outcome === 'NOT_SENT' || outcome === 'UNCERTAIN';
}

/**
 * Whether a code counts against the account's codes per window (ADR 129): every one that may have reached someone.
 * Only a certain refusal gives the code back, so a failing mail server cannot be used to send more codes than the
 * limit, and an address the server refuses does not lock the agent out of sending once it is corrected.
 */
export function countsAgainstCodeLimit(outcome: DeliveryOutcome | undefined): boolean {
  return outcome !== 'NOT_SENT';
}
