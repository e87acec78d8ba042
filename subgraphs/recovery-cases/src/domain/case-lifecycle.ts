import { inRoleGroup, invalidInput, notAllowed, refusedTransition, type Role } from '@vigil/core/domain';

/**
 * The recovery case state machine. A case moves only along these edges; every move is recorded with
 * actor, time and reason (see `CaseTransition`). LOCKED is entered by the system after too many failed
 * verifications; leaving LOCKED or ESCALATED takes a supervisor.
 */
export const CASE_STATUSES = [
  'OPEN',
  'VERIFYING',
  'VERIFIED',
  'RESET_ISSUED',
  'RESOLVED',
  'REJECTED',
  'ESCALATED',
  'LOCKED',
  'EXPIRED',
  'REOPENED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  OPEN: ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED'],
  VERIFYING: ['VERIFIED', 'LOCKED', 'ESCALATED', 'REJECTED', 'EXPIRED'],
  VERIFIED: ['RESET_ISSUED', 'ESCALATED', 'REJECTED', 'EXPIRED'],
  // A reset link that expired unused sends the case back to VERIFIED so a new one can be issued.
  RESET_ISSUED: ['RESOLVED', 'VERIFIED', 'ESCALATED', 'REJECTED'],
  RESOLVED: ['REOPENED'],
  REJECTED: ['REOPENED'],
  ESCALATED: ['VERIFYING', 'REJECTED', 'EXPIRED'],
  LOCKED: ['VERIFYING', 'ESCALATED', 'REJECTED'],
  EXPIRED: ['REOPENED'],
  REOPENED: ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED'],
};

/** Statuses in which the case is finished; SLA timers stop and metrics count it. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['RESOLVED', 'REJECTED', 'EXPIRED'];

/** Statuses a case can only leave with a supervisor's hand on it. */
const SUPERVISED_STATUSES: readonly CaseStatus[] = ['LOCKED', 'ESCALATED'];

export interface CaseTransition {
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  /** Agent id, supervisor id, or `system` for timers and automatic rules. */
  readonly actorId: string;
  readonly at: Date;
  readonly reason: string;
}

/** Who is moving the case: a person with roles, or the system (automatic rules and timers). */
export type TransitionActor =
  { readonly kind: 'person'; readonly id: string; readonly roles: readonly Role[] } | { readonly kind: 'system' };

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

export function isTerminal(status: CaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Checks one move and returns the record to append to the case history. Throws CONFLICT naming the
 * current state and the allowed moves (`refusedTransition`), or FORBIDDEN when a supervisor is needed.
 */
export function transition(from: CaseStatus, to: CaseStatus, actor: TransitionActor, reason: string, at: Date): CaseTransition {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) {
    const message = `Cannot move a recovery case from ${from} to ${to}; from ${from} it can move to: ${allowed.join(', ') || 'nothing'}.`;
    throw refusedTransition('recovery case', from, to, allowed, message);
  }
  if (actor.kind === 'person' && SUPERVISED_STATUSES.includes(from) && !inRoleGroup(actor.roles, 'supervisors')) {
    throw notAllowed(`A ${from} case needs a SUPERVISOR to move it to ${to}.`);
  }
  const trimmed = reason.trim();
  if (trimmed.length === 0) {
    throw invalidInput('Say why the case changes state: the reason is recorded for auditors.', { reason: 'required' });
  }
  return { from, to, actorId: actor.kind === 'system' ? 'system' : actor.id, at, reason: trimmed };
}
