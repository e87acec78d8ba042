import type { Role } from '@vigil/core';
import { RecoveryRuleError } from './errors.js';

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
  if (!decider.roles.includes('SUPERVISOR') && !decider.roles.includes('ADMIN')) {
    throw new RecoveryRuleError('FORBIDDEN', 'Only a SUPERVISOR can approve or reject a contact change during a recovery.');
  }
  if (decider.id === request.requestedBy) {
    throw new RecoveryRuleError(
      'FORBIDDEN',
      'A contact change must be decided by someone other than the person who requested it.',
    );
  }
  if (request.status !== 'PENDING') {
    throw new RecoveryRuleError('CONFLICT', `This contact change was already ${request.status.toLowerCase()}.`);
  }
  return { status: approve ? 'APPROVED' : 'REJECTED', decidedBy: decider.id, decidedAt: now, reason: reason.trim() };
}
