import { inRoleGroup, missing, notAllowed, type Identity } from '@vigil/core/domain';
import { nextRoundRobinAgent } from '../domain/assignment.js';
import { isTerminal } from '../domain/case-lifecycle.js';
import { emitAction } from './case-draft.js';
import { writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { refusedInStatus } from './refusals.js';

/** SUPERVISOR: assign to `agentId`, or round-robin among available agents when it is omitted. */
export async function assignCase(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  agentId: string | undefined,
): Promise<RecoveryCaseRecord> {
  const current = await deps.store.load(identity, caseId);
  const assigneeId = await chooseAssignee(deps, identity, current.tenantId, agentId, true);
  const { record } = await writeCase(deps, identity, current, (draft, now) => {
    if (isTerminal(draft.status)) {
      throw refusedInStatus(draft.status, 'ASSIGN', `The case is ${draft.status}; reopen it before assigning it.`);
    }
    draft.assigneeId = assigneeId;
    draft.assignedAt = now;
    emitAction(draft, identity.subject, 'case.assigned', now, { assigneeId, how: agentId ? 'MANUAL' : 'ROUND_ROBIN' });
  });
  return record;
}

/**
 * Explicit assignee (checked against the tenant's staff; others than oneself need a supervisor), else the caller
 * when they are an AGENT of the tenant (not for a supervisor's reassignment), else round-robin.
 */
export async function chooseAssignee(
  deps: Pick<RecoveryCommandDeps, 'directory' | 'cursors' | 'clock'>,
  identity: Identity,
  tenantId: string,
  requested: string | undefined,
  supervisorAction = false,
): Promise<string> {
  const staff = await deps.directory.tenantStaff(tenantId);
  if (requested !== undefined) {
    if (requested !== identity.subject && !inRoleGroup(identity.roles, 'supervisors')) {
      throw notAllowed('Only a SUPERVISOR assigns cases to someone else.');
    }
    if (!staff.some((m) => m.id === requested)) throw missing(`No agent "${requested}" in tenant "${tenantId}".`);
    return requested;
  }
  if (!supervisorAction && identity.roles.includes('AGENT') && staff.some((m) => m.id === identity.subject)) {
    return identity.subject;
  }
  const next = nextRoundRobinAgent(
    staff.filter((m) => m.roles.includes('AGENT')),
    await deps.cursors.lastAssigned(tenantId),
  );
  await deps.cursors.remember(tenantId, next, deps.clock());
  return next;
}
