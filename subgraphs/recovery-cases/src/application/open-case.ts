import { randomUUID } from 'node:crypto';
import { missing, requireTenantAccess, type Identity } from '@vigil/core/domain';
import type { CaseChannel, CasePriority, CaseReason, RiskLevel } from '../domain/vocabulary.js';
import { chooseAssignee } from './assignment.js';
import { addNote, emitAction } from './case-draft.js';
import { agentResponded, startSla } from './case-sla.js';
import type { RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { assertRoomForCase, keepWithinLimit } from './open-case-limit.js';

export interface OpenCaseInput {
  /** Set when the id was chosen elsewhere (an alert escalated to a case that is opened from the bus). */
  readonly id?: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly reason: CaseReason;
  readonly channel: CaseChannel;
  readonly priority: CasePriority;
  readonly riskLevel: RiskLevel;
  readonly linkedAlertIds: readonly string[];
  readonly assigneeId?: string;
  readonly note?: string;
}

/**
 * Who opens the case: a PERSON, held to the account's limit of unfinished cases, or an ESCALATED_ALERT, which is not —
 * a suspected compromise must not wait behind cases someone opened to fill the account's slots (ADR 137).
 */
export type CaseOpener = 'PERSON' | 'ESCALATED_ALERT';

/** Opens a case on an account of the tenant, assigns it, starts its SLA clocks and queues `case.opened`. */
export async function openCase(
  deps: RecoveryCommandDeps,
  identity: Identity,
  input: OpenCaseInput,
  opener: CaseOpener = 'PERSON',
): Promise<RecoveryCaseRecord> {
  requireTenantAccess(identity, input.tenantId);
  if (!(await deps.directory.accountExists(input.tenantId, input.accountId))) {
    throw missing(`No account "${input.accountId}" in tenant "${input.tenantId}".`);
  }
  if (opener === 'PERSON') await assertRoomForCase(deps, input.tenantId, input.accountId);
  const settings = await deps.settings.forTenant(input.tenantId);
  const assigneeId = await chooseAssignee(deps, identity, input.tenantId, input.assigneeId);
  const now = deps.clock();
  const record: RecoveryCaseRecord = {
    _id: input.id ?? randomUUID(),
    tenantId: input.tenantId,
    accountId: input.accountId,
    reason: input.reason,
    channel: input.channel,
    priority: input.priority,
    riskLevel: input.reason === 'SUSPECTED_COMPROMISE' ? 'HIGH' : input.riskLevel,
    status: 'OPEN',
    openedBy: identity.subject,
    openedAt: now,
    updatedAt: now,
    assigneeId,
    assignedAt: now,
    linkedAlertIds: [...new Set(input.linkedAlertIds)],
    milestones: {},
    history: [],
    notes: [],
    interactions: [],
    verifications: [],
    reopenCount: 0,
    waitingOnCustomer: false,
    slaTimers: [],
    slaEvents: [],
    otpChallenges: [],
    resetGrants: [],
    contactChanges: [],
    pendingActions: [],
    revision: 0,
  };
  startSla(record, settings.sla, 'FIRST_RESPONSE', now);
  startSla(record, settings.sla, 'RESOLUTION', now);
  emitAction(record, identity.subject, 'case.opened', now, {
    reason: record.reason,
    channel: record.channel,
    priority: record.priority,
    riskLevel: record.riskLevel,
    linkedAlertIds: record.linkedAlertIds,
  });
  emitAction(record, identity.subject, 'case.assigned', now, { assigneeId, how: input.assigneeId ? 'MANUAL' : 'AUTOMATIC' });
  // On the phone the agent is talking to the customer already: that is the first response.
  if (input.channel === 'PHONE') agentResponded(record, settings.sla, now);
  if (input.note) addNote(record, identity.subject, input.note, now);
  await deps.store.insert(record);
  if (opener === 'PERSON') await keepWithinLimit(deps, record);
  deps.events.changed(record);
  return record;
}
