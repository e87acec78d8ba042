import { refusedTransition, type DomainError } from '@vigil/core/domain';
import { allowedTransitions, type CaseStatus } from '../domain/case-lifecycle.js';

/**
 * A command the case's status does not allow (assigning a closed case, verifying a LOCKED one): CONFLICT with the
 * state it is in and the transitions it allows, the same details as a refused status change (ADR 013), so a client
 * can offer the right next step (e.g. REOPENED).
 */
export function refusedInStatus(status: CaseStatus, requested: string, message: string): DomainError {
  return refusedTransition('recovery case', status, requested, allowedTransitions(status), message);
}
