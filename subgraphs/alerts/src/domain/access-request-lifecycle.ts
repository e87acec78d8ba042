import { refusedTransition, type DomainError } from '@vigil/core/domain';

/** PENDING → APPROVED | DENIED, once: the customer's decision stands. */
export const ACCESS_REQUEST_STATUSES = ['PENDING', 'APPROVED', 'DENIED'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** A third-party app asking for access to a customer's account, waiting for the customer's decision. */
export interface AccessRequestRecord {
  _id: string;
  tenantId: string;
  accountId: string;
  appName: string;
  scopes: string[];
  status: AccessRequestStatus;
  requestedAt: Date;
  requestedBy: string;
  decidedAt?: Date;
  /** The client's app (PARTNER principal) that relayed the customer's decision. */
  decidedBy?: string;
  reason?: string;
  /** The request and the decision as recorded in the account's activity chain. */
  requestEventId?: string;
  decisionEventId?: string;
}

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
