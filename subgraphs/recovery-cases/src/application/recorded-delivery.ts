import { DomainError } from '@vigil/core/domain';
import type { DeliveryOutcome } from '../domain/delivery-outcome.js';
import { writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { MessageNotSent, type RecoveryMessage } from './ports.js';
import type { RecoverySettings } from './settings.js';

/** How the caller's error names what failed to go out. */
export type DeliveredSecret = 'code' | 'reset link';

export type OutcomeRecord = (draft: RecoveryCaseRecord, outcome: DeliveryOutcome, now: Date, settings: RecoverySettings) => void;

/**
 * Sends a code or reset link already recorded on the case (`written`: that record is what bounds concurrent sends),
 * then writes how the send ended with `record`, so the audit trail says "sent" only once the mail server took it
 * (ADR 135). The outcome is written as the system's bookkeeping of what happened, whatever the case's size. After a
 * failure the caller gets the delivery's error, told whether anything may have gone out.
 */
export async function deliverAndRecord(
  deps: RecoveryCommandDeps,
  written: RecoveryCaseRecord,
  message: RecoveryMessage,
  secret: DeliveredSecret,
  record: OutcomeRecord,
): Promise<RecoveryCaseRecord> {
  let outcome: DeliveryOutcome = 'SENT';
  let failure: unknown;
  try {
    await deps.delivery.deliver(message);
  } catch (error) {
    failure = error;
    outcome = error instanceof MessageNotSent ? 'NOT_SENT' : 'UNCERTAIN';
  }
  const { record: recorded } = await writeCase(deps, undefined, written, (draft, now, settings) =>
    record(draft, outcome, now, settings),
  );
  if (outcome !== 'SENT') throw failureForCaller(failure, outcome, secret);
  return recorded;
}

/**
 * The refusal the agent can act on (a refused address) keeps its code and message, and says what became of the
 * secret. Anything else is an internal failure: core logs it (it carries no address) and answers "try again later".
 */
function failureForCaller(failure: unknown, outcome: DeliveryOutcome, secret: DeliveredSecret): unknown {
  const reason = failure instanceof MessageNotSent ? failure.reason : failure;
  if (!(reason instanceof DomainError)) return reason;
  const fate = outcome === 'NOT_SENT' ? `No ${secret} was sent` : `The ${secret} may not have arrived, and does not work`;
  return new DomainError(reason.code, `${reason.message} ${fate}: the case records the failed delivery.`, {
    ...reason.details,
    delivery: outcome,
  });
}
