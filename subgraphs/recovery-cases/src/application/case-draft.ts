import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core/domain';
import type { AgentActionName } from '../domain/agent-actions.js';
import { isTerminal, transition, type CaseStatus, type TransitionActor } from '../domain/case-lifecycle.js';
import { isRunning, reactivateTimer, type SlaPolicy } from '../domain/sla.js';
import type { CaseMilestones, RecoveryCaseRecord } from './case-record.js';
import { fulfilSla, setWaiting } from './case-sla.js';

/**
 * Edits on a case draft inside `CaseStore.update`: each keeps history, milestones, SLA timers and the
 * agent-action outbox consistent with the others, so no command can change one and forget the rest.
 * The SLA clock edits are in `case-sla.ts`.
 */

/** The identity of a person, as the state machine sees it. */
export function personOf(identity: Identity): TransitionActor {
  return { kind: 'person', id: identity.subject, roles: identity.roles };
}

const MILESTONE_OF: Partial<Record<CaseStatus, keyof CaseMilestones>> = {
  VERIFYING: 'verificationStartedAt',
  VERIFIED: 'verifiedAt',
  RESET_ISSUED: 'resetIssuedAt',
  RESOLVED: 'resolvedAt',
  REJECTED: 'rejectedAt',
  ESCALATED: 'escalatedAt',
  LOCKED: 'lockedAt',
  EXPIRED: 'expiredAt',
  REOPENED: 'reopenedAt',
};

/** Queues an `agent.action.*` event; it is written with the case and published by the relay. */
export function emitAction(
  draft: RecoveryCaseRecord,
  agentId: string,
  action: AgentActionName,
  now: Date,
  metadata: Record<string, unknown> = {},
): void {
  draft.pendingActions.push({
    actionId: randomUUID(),
    tenantId: draft.tenantId,
    accountId: draft.accountId,
    agentId,
    action,
    caseId: draft._id,
    occurredAt: now.toISOString(),
    metadata,
  });
}

/**
 * Moves the case (checked by the state machine), records the transition and milestone, runs the SLA
 * consequences and queues the `case.status_changed` action.
 */
export function moveCase(
  draft: RecoveryCaseRecord,
  to: CaseStatus,
  actor: TransitionActor,
  reason: string,
  policy: SlaPolicy,
  now: Date,
): void {
  const from = draft.status;
  const record = transition(from, to, actor, reason, now);
  draft.history.push(record);
  draft.status = to;
  const milestone = MILESTONE_OF[to];
  if (milestone) draft.milestones[milestone] = now;

  if (isTerminal(to)) {
    draft.milestones.closedAt = now;
    setWaiting(draft, false, now);
    for (const metric of ['FIRST_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION'] as const) fulfilSla(draft, policy, metric, now);
  } else if (to === 'REOPENED') {
    draft.reopenCount += 1;
    delete draft.milestones.closedAt;
    const index = draft.slaTimers.findLastIndex((t) => t.metric === 'RESOLUTION');
    if (index >= 0 && !isRunning(draft.slaTimers[index]!)) {
      draft.slaTimers[index] = reactivateTimer(draft.slaTimers[index]!, now);
      draft.slaEvents.push({ metric: 'RESOLUTION', kind: 'RESUMED', at: now });
    }
  }
  emitAction(draft, record.actorId, 'case.status_changed', now, { from, to, reason: record.reason });
}

/** Adds a note. The text may carry customer details: the activity log gets its id and size, not its words. */
export function addNote(draft: RecoveryCaseRecord, authorId: string, body: string, now: Date): void {
  const id = randomUUID();
  draft.notes.push({ id, authorId, body, at: now });
  emitAction(draft, authorId, 'case.note_added', now, { noteId: id, length: body.length });
}
