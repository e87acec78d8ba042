import { inRoleGroup, notAllowed, refusedTransition, type Role } from '@vigil/core/domain';

/**
 * Changing an account's contact details in the middle of a recovery is the classic takeover move
 * (the caller "updates" the email, then asks for the reset). Such a change waits for a supervisor who
 * is not the agent who asked for it (four eyes).
 */
export type ContactField = 'EMAIL' | 'PHONE';
export type ContactChangeStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ContactChangeDecision {
  readonly status: 'APPROVED' | 'REJECTED';
  readonly decidedBy: string;
  readonly decidedAt: Date;
  readonly reason: string;
}

export function decideContactChange(
  request: { readonly status: ContactChangeStatus; readonly requestedBy: string },
  decider: { readonly id: string; readonly roles: readonly Role[] },
  approve: boolean,
  reason: string,
  now: Date,
): ContactChangeDecision {
  if (!inRoleGroup(decider.roles, 'supervisors')) {
    throw notAllowed('Only a SUPERVISOR can approve or reject a contact change during a recovery.');
  }
  if (decider.id === request.requestedBy) {
    throw notAllowed('A contact change must be decided by someone other than the person who requested it.');
  }
  if (request.status !== 'PENDING') {
    // A decided request is final: nothing is allowed from APPROVED or REJECTED.
    const message = `This contact change was already ${request.status.toLowerCase()}.`;
    throw refusedTransition('contact change', request.status, approve ? 'APPROVED' : 'REJECTED', [], message);
  }
  return { status: approve ? 'APPROVED' : 'REJECTED', decidedBy: decider.id, decidedAt: now, reason: reason.trim() };
}
