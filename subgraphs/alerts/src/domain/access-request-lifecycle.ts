import { refusedTransition, type DomainError } from '@vigil/core/domain';

/** PENDING → APPROVED | DENIED, once: the customer's decision stands. */
export const ACCESS_REQUEST_STATUSES = ['PENDING', 'APPROVED', 'DENIED'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

const ALLOWED: Readonly<Record<AccessRequestStatus, readonly AccessRequestStatus[]>> = {
  PENDING: ['APPROVED', 'DENIED'],
  APPROVED: [],
  DENIED: [],
};

export function decisionStatus(approve: boolean): AccessRequestStatus {
  return approve ? 'APPROVED' : 'DENIED';
}

/** The opposite decision on a decided request (the same one again is a harmless retry, not a refusal). */
export function refusedDecision(current: AccessRequestStatus, requested: AccessRequestStatus): DomainError {
  return refusedTransition('third-party access request', current, requested, ALLOWED[current]);
}
