import { randomUUID } from 'node:crypto';
import type { Identity } from '@vigil/core/domain';
import { isTerminal } from '../domain/case-lifecycle.js';
import type { InteractionDirection, InteractionKind } from '../domain/vocabulary.js';
import { addNote, emitAction } from './case-draft.js';
import { changeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { agentResponded, setWaiting, startSla } from './case-sla.js';

/** Reading a case is itself an audited agent action (who looked at which account, when). */
export async function viewCase(deps: RecoveryCommandDeps, identity: Identity, caseId: string): Promise<RecoveryCaseRecord> {
  const now = deps.clock();
  const current = await deps.store.load(identity, caseId);
  // Not a change of the case: no queue update for supervisors, only the audit event. Written as the system's own
  // bookkeeping (no identity), so never refused for size (ADR 124): a case past the bound must still open — the
  // queued event leaves the document once the relay published it. The tenant was checked by `load` above.
  const { record } = await deps.store.update(undefined, current, (draft) => {
    emitAction(draft, identity.subject, 'account.viewed', now, { via: 'recoveryCase' });
  });
  deps.events.audited(record);
  return record;
}

export function addCaseNote(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  body: string,
): Promise<RecoveryCaseRecord> {
  return changeCase(deps, identity, caseId, (draft, now) => addNote(draft, identity.subject, body, now));
}

/** INBOUND resumes paused clocks and starts next-response; OUTBOUND counts as a response. */
export function recordInteraction(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  input: { kind: InteractionKind; direction: InteractionDirection; reference: string },
): Promise<RecoveryCaseRecord> {
  return changeCase(deps, identity, caseId, (draft, now, settings) => {
    const id = randomUUID();
    draft.interactions.push({ id, ...input, recordedBy: identity.subject, at: now });
    if (input.direction === 'INBOUND') {
      // The customer answered: we are no longer waiting on them, and owe them a reply.
      setWaiting(draft, false, now);
      if (draft.milestones.firstResponseAt && !isTerminal(draft.status)) startSla(draft, settings.sla, 'NEXT_RESPONSE', now);
    } else {
      agentResponded(draft, settings.sla, now);
    }
    emitAction(draft, identity.subject, 'case.interaction_recorded', now, {
      interactionId: id,
      kind: input.kind,
      direction: input.direction,
    });
  });
}
