/**
 * A failed send's reason as the outbox stores it (`lastError`, ADR 142). Providers quote the recipient in their
 * refusals ("550 5.1.1 <jane@…>: user unknown", "invalid number +44 …"), and the reason is kept for weeks and shown in
 * GraphQL, so it is stored without them: the delivery's own address (an email, phone number or device token, in
 * whatever form the provider quotes it whole) and every embedded email, phone number and IP go. The address stays
 * readable where the policy shows it, in the delivery's `address` field; the reason keeps what went wrong.
 */
import { maskText, REDACTED } from '@vigil/core';

/** What is kept of a reason, after redaction: enough for an operator, bounded for the document. */
const REASON_LIMIT = 300;

/** `error`'s message without `recipient` (matched case-insensitively) or any embedded contact value, bounded. */
export function failureReason(error: unknown, recipient?: string): string {
  let reason = error instanceof Error ? error.message : String(error);
  if (recipient !== undefined && recipient.length > 0) reason = reason.replace(literally(recipient), REDACTED);
  // As core's policy shows free text to a caller with no role: every email, phone number and IP redacted.
  return maskText(reason, []).slice(0, REASON_LIMIT);
}

function literally(value: string): RegExp {
  return new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
}
