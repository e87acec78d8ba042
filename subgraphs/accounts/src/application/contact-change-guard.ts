import { conflictWith } from '@vigil/core/domain';
import { newContactAddresses, unapprovedAddresses, type ContactUpdate } from '../domain/contact-change-approval.js';
import type { AccountRecord } from '../domain/records.js';
import type { AccountsDeps } from './ports.js';

/**
 * CONFLICT when `update` puts an address on the account that is not on file, while a recovery of the account is under
 * way, unless a supervisor other than the requester approved that very value on one of its cases (ADR 139). Without
 * this, one SUPERVISOR could point the account's email at an address of their choosing and have the reset link sent
 * there, around the four eyes recovery-cases asks for. The refusal names the input fields, never the values.
 */
export async function assertContactChangeApproved(
  deps: AccountsDeps,
  account: AccountRecord,
  update: ContactUpdate,
): Promise<void> {
  const added = newContactAddresses(account, update);
  if (added.length === 0) return;
  const recoveries = await deps.recoveries.ofAccount(account.tenantId, account._id);
  if (recoveries.length === 0) return;
  const unapproved = unapprovedAddresses(
    added,
    recoveries.flatMap((r) => r.approvedContacts),
  );
  if (unapproved.length === 0) return;
  throw conflictWith(
    `This account has an unfinished recovery case: during a recovery a new email, phone number or contact address is accepted only when a supervisor other than the one who requested it approved that value on the case (requestContactChange, then decideContactChange). Not approved: ${unapproved.map((a) => a.input).join(', ')}.`,
    { recoveryCaseIds: recoveries.map((r) => r.caseId), fields: unapproved.map((a) => a.input) },
  );
}
