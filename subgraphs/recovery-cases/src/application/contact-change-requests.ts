import { randomUUID } from 'node:crypto';
import { invalidInput, missing, type Identity } from '@vigil/core/domain';
import { isTerminal } from '../domain/case-lifecycle.js';
import { decideContactChange as decide, type ContactField } from '../domain/contact-change.js';
import { isDeliverableAddress } from '../domain/deliverable-address.js';
import { emitAction } from './case-draft.js';
import { changeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { refusedInStatus } from './refusals.js';

/** A contact change during a recovery waits for a supervisor (the classic takeover move otherwise). */
export function requestContactChange(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  field: ContactField,
  newValue: string,
): Promise<RecoveryCaseRecord> {
  // What a supervisor approves is a contact for the account: one mailbox, or one E.164 number, nothing else.
  if (!isDeliverableAddress({ type: field === 'EMAIL' ? 'EMAIL' : 'SMS', address: newValue })) {
    const expected = field === 'EMAIL' ? 'one email address (name@example.com)' : 'one phone number in E.164 (+15555550123)';
    throw invalidInput(`The new ${field.toLowerCase()} must be ${expected}.`, { newValue: expected });
  }
  return changeCase(deps, identity, caseId, (draft, now) => {
    if (isTerminal(draft.status)) {
      const why = `The case is ${draft.status}; contact changes are requested on open cases.`;
      throw refusedInStatus(draft.status, 'REQUEST_CONTACT_CHANGE', why);
    }
    const id = randomUUID();
    draft.contactChanges.push({ id, field, newValue, status: 'PENDING', requestedBy: identity.subject, requestedAt: now });
    emitAction(draft, identity.subject, 'contact_change.requested', now, { requestId: id, field });
  });
}

/** SUPERVISOR (not the requester) approves or rejects; a decided request is final. */
export function decideContactChange(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  requestId: string,
  approve: boolean,
  reason: string,
): Promise<RecoveryCaseRecord> {
  return changeCase(deps, identity, caseId, (draft, now) => {
    const index = draft.contactChanges.findIndex((c) => c.id === requestId);
    if (index < 0) throw missing(`No contact change "${requestId}" on this case.`);
    const request = draft.contactChanges[index]!;
    const decision = decide(request, { id: identity.subject, roles: identity.roles }, approve, reason, now);
    draft.contactChanges[index] = {
      ...request,
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: now,
      decisionReason: decision.reason,
    };
    emitAction(draft, identity.subject, 'contact_change.decided', now, {
      requestId,
      field: request.field,
      status: decision.status,
    });
  });
}
