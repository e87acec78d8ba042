import { randomUUID } from 'node:crypto';
import { assertTenantAccess, badUserInput, conflict, forbidden, hasRole, notFound, type Identity } from '@vigil/core';
import { nextRoundRobinAgent } from '../domain/assignment.js';
import { isTerminal, type CaseStatus } from '../domain/case-lifecycle.js';
import { decideContactChange, type ContactField } from '../domain/contact-change.js';
import { assertOtpSendAllowed, checkOtp, DEFAULT_OTP_SETTINGS, issueOtp, type OtpSettings } from '../domain/otp.js';
import { assertResetRedeemable, DEFAULT_RESET_TTL_MS, issueResetToken, type RegisteredChannel } from '../domain/reset-token.js';
import { evaluateVerification, requirementFor } from '../domain/verification-policy.js';
import type {
  CaseChannel,
  CasePriority,
  CaseReason,
  InteractionDirection,
  InteractionKind,
  RiskLevel,
  VerificationMethod,
  VerificationResult,
} from '../domain/vocabulary.js';
import type { AssignmentCursorModel } from '../models/assignment-cursor.js';
import type { RecoveryCaseRecord, VerificationAttemptRecord } from '../models/recovery-case.js';
import type { CaseStore } from './case-store.js';
import { agentResponded, emitAction, moveCase, personOf, setWaiting, startSla } from './case-draft.js';
import type { AccountDirectory, RecoveryDelivery } from './ports.js';
import type { RecoverySettings, SettingsService } from './settings-service.js';

export interface RecoveryServiceOptions {
  /** Server-side key for OTP and reset-token digests. */
  readonly secretPepper: string;
  /** Base of the link customers open to reset their password; case, grant and token are appended. */
  readonly resetLinkBaseUrl: string;
  readonly otp?: OtpSettings;
  readonly resetTtlMs?: number;
  readonly clock?: () => Date;
}

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

/** Statuses an agent or supervisor may set by hand; the others follow from evidence (verifications, resets). */
const MANUAL_TARGETS: readonly CaseStatus[] = ['VERIFYING', 'ESCALATED', 'REJECTED', 'EXPIRED', 'REOPENED', 'RESOLVED'];
const VERIFIABLE: readonly CaseStatus[] = ['OPEN', 'REOPENED', 'VERIFYING'];

/** What happened after a write: the resolvers publish the update and hand pending actions to the relay. */
export type CaseChanged = (record: RecoveryCaseRecord) => void;

/**
 * The recovery commands. Each one checks tenant access, applies the rules of the domain to one case
 * atomically, and queues the matching `agent.action.*` event in the same write.
 */
export class RecoveryCaseService {
  private readonly otp: OtpSettings;
  private readonly now: () => Date;

  constructor(
    private readonly store: CaseStore,
    private readonly settings: SettingsService,
    private readonly cursors: AssignmentCursorModel,
    private readonly directory: AccountDirectory,
    private readonly delivery: RecoveryDelivery,
    private readonly changed: CaseChanged,
    /** Hands queued agent actions to the relay without announcing a change (reads). */
    private readonly audited: CaseChanged,
    private readonly options: RecoveryServiceOptions,
  ) {
    this.otp = options.otp ?? DEFAULT_OTP_SETTINGS;
    this.now = options.clock ?? (() => new Date());
  }

  async open(identity: Identity, input: OpenCaseInput): Promise<RecoveryCaseRecord> {
    assertTenantAccess(identity, input.tenantId);
    if (!(await this.directory.accountExists(input.tenantId, input.accountId))) {
      throw notFound(`No account "${input.accountId}" in tenant "${input.tenantId}".`);
    }
    const settings = await this.settings.forTenant(input.tenantId);
    const assigneeId = await this.chooseAssignee(identity, input.tenantId, input.assigneeId);
    const now = this.now();
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
    if (input.note) this.addNoteTo(record, identity.subject, input.note, now);
    await this.store.insert(record);
    this.changed(record);
    return record;
  }

  /** Reading a case is itself an audited agent action (who looked at which account, when). */
  async view(identity: Identity, caseId: string): Promise<RecoveryCaseRecord> {
    const now = this.now();
    // Not a change of the case: no queue update for supervisors, only the audit event.
    const { record } = await this.store.update(identity, caseId, (draft) => {
      emitAction(draft, identity.subject, 'account.viewed', now, { via: 'recoveryCase' });
    });
    this.audited(record);
    return record;
  }

  async assign(identity: Identity, caseId: string, agentId: string | undefined): Promise<RecoveryCaseRecord> {
    const current = await this.store.load(identity, caseId);
    const assigneeId = await this.chooseAssignee(identity, current.tenantId, agentId, true);
    const { record } = await this.write(identity, caseId, (draft, now) => {
      if (isTerminal(draft.status)) throw conflict(`The case is ${draft.status}; reopen it before assigning it.`);
      draft.assigneeId = assigneeId;
      draft.assignedAt = now;
      emitAction(draft, identity.subject, 'case.assigned', now, { assigneeId, how: agentId ? 'MANUAL' : 'ROUND_ROBIN' });
    });
    return record;
  }

  async changeStatus(identity: Identity, caseId: string, to: CaseStatus, reason: string): Promise<RecoveryCaseRecord> {
    if (!MANUAL_TARGETS.includes(to)) {
      throw badUserInput(
        `${to} is set by the system (verifications met, too many failures, reset issued); you can set: ${MANUAL_TARGETS.join(', ')}.`,
        { to: 'not a status you can set by hand' },
      );
    }
    const { record } = await this.write(identity, caseId, (draft, now, settings) => {
      const from = draft.status;
      moveCase(draft, to, personOf(identity), reason, settings.sla, now);
      if (from === 'LOCKED') draft.unlockedAt = now;
    });
    return record;
  }

  /** Security questions, document check, knowledge-based questions, call-back: the agent reports the result. */
  async recordVerification(
    identity: Identity,
    caseId: string,
    input: { method: VerificationMethod; result: VerificationResult; evidenceRef?: string },
  ): Promise<RecoveryCaseRecord> {
    if (input.method === 'OTP') {
      throw badUserInput('OTP results come from checking the code: use sendVerificationCode and checkVerificationCode.', {
        method: 'OTP is checked by the system',
      });
    }
    const { record } = await this.write(identity, caseId, (draft, now, settings) =>
      this.applyAttempt(draft, identity, settings, { ...input, id: randomUUID(), agentId: identity.subject, at: now }, now),
    );
    return record;
  }

  /** Sends a one-time code to the account's registered channel (never one given during the call). */
  async sendVerificationCode(
    identity: Identity,
    caseId: string,
    channelType: RegisteredChannel['type'] | undefined,
  ): Promise<{ challengeId: string; expiresAt: Date; channel: RegisteredChannel; record: RecoveryCaseRecord }> {
    const current = await this.store.load(identity, caseId);
    const channel = await this.directory.registeredChannel(current.tenantId, current.accountId, channelType);
    if (!channel) {
      throw conflict(
        `The account has no registered ${channelType ?? 'email or phone'} channel; use another verification method.`,
      );
    }
    const { result, record } = await this.write(identity, caseId, (draft, now, settings) => {
      this.assertVerifiable(draft, settings, 'OTP');
      assertOtpSendAllowed(
        this.otp,
        draft.otpChallenges.map((c) => c.issuedAt),
        now,
      );
      const issued = issueOtp(this.otp, this.options.secretPepper, { caseId: draft._id, challengeId: randomUUID() }, now);
      draft.otpChallenges.push(issued.challenge);
      if (draft.status !== 'VERIFYING')
        moveCase(draft, 'VERIFYING', personOf(identity), 'verification started: code sent', settings.sla, now);
      agentResponded(draft, settings.sla, now);
      emitAction(draft, identity.subject, 'verification.otp_sent', now, {
        challengeId: issued.challenge.id,
        channelType: channel.type,
      });
      return issued;
    });
    await this.delivery.deliver({
      kind: 'VERIFICATION_CODE',
      tenantId: current.tenantId,
      accountId: current.accountId,
      channel,
      code: result.code,
      expiresAt: result.challenge.expiresAt,
    });
    return { challengeId: result.challenge.id, expiresAt: result.challenge.expiresAt, channel, record };
  }

  /** The customer reads the code back to the agent; the check is the verification attempt. */
  async checkVerificationCode(
    identity: Identity,
    caseId: string,
    challengeId: string,
    code: string,
  ): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now, settings) => {
      const index = draft.otpChallenges.findIndex((c) => c.id === challengeId);
      if (index < 0) throw notFound(`No verification code "${challengeId}" on this case.`);
      const challenge = draft.otpChallenges[index]!;
      const check = checkOtp(this.otp, this.options.secretPepper, challenge, code, now);
      draft.otpChallenges[index] =
        check.result === 'PASSED' ? { ...challenge, consumedAt: now } : { ...challenge, guesses: challenge.guesses + 1 };
      return this.applyAttempt(
        draft,
        identity,
        settings,
        {
          id: randomUUID(),
          method: 'OTP',
          result: check.result,
          agentId: identity.subject,
          otpChallengeId: challengeId,
          at: now,
        },
        now,
      );
    });
    return record;
  }

  /** Issues a single-use reset link to the registered channel; the case must be VERIFIED. */
  async issuePasswordReset(
    identity: Identity,
    caseId: string,
    channelType: RegisteredChannel['type'] | undefined,
  ): Promise<{ grantId: string; expiresAt: Date; channel: RegisteredChannel; record: RecoveryCaseRecord }> {
    const current = await this.store.load(identity, caseId);
    const channel = await this.directory.registeredChannel(current.tenantId, current.accountId, channelType);
    if (!channel)
      throw conflict(`The account has no registered ${channelType ?? 'email or phone'} channel to send a reset link to.`);
    const { result, record } = await this.write(identity, caseId, (draft, now, settings) => {
      if (draft.contactChanges.some((c) => c.status === 'PENDING')) {
        throw conflict('A contact change on this case awaits a supervisor decision; decide it before issuing a reset.');
      }
      const issued = issueResetToken(
        this.options.secretPepper,
        { caseId: draft._id, grantId: randomUUID() },
        channel,
        now,
        this.options.resetTtlMs ?? DEFAULT_RESET_TTL_MS,
      );
      moveCase(draft, 'RESET_ISSUED', personOf(identity), 'password reset link issued', settings.sla, now);
      draft.resetGrants.push(issued.grant);
      agentResponded(draft, settings.sla, now);
      emitAction(draft, identity.subject, 'reset.issued', now, {
        grantId: issued.grant.id,
        channelType: channel.type,
        expiresAt: issued.grant.expiresAt.toISOString(),
      });
      return issued;
    });
    const link = new URL(this.options.resetLinkBaseUrl);
    link.searchParams.set('case', caseId);
    link.searchParams.set('grant', result.grant.id);
    link.searchParams.set('token', result.token);
    await this.delivery.deliver({
      kind: 'PASSWORD_RESET_LINK',
      tenantId: current.tenantId,
      accountId: current.accountId,
      channel,
      link: link.toString(),
      expiresAt: result.grant.expiresAt,
    });
    return { grantId: result.grant.id, expiresAt: result.grant.expiresAt, channel, record };
  }

  /** The identity provider (or reset portal) reports the customer used the link: the case is resolved. */
  async completePasswordReset(identity: Identity, caseId: string, grantId: string, token: string): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now, settings) => {
      const index = draft.resetGrants.findIndex((g) => g.id === grantId);
      if (index < 0) throw forbidden('This reset link is not valid.');
      assertResetRedeemable(this.options.secretPepper, draft.resetGrants[index]!, token, now);
      draft.resetGrants[index] = { ...draft.resetGrants[index]!, redeemedAt: now };
      moveCase(draft, 'RESOLVED', { kind: 'system' }, 'customer completed the password reset', settings.sla, now);
    });
    return record;
  }

  async addNote(identity: Identity, caseId: string, body: string): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now) => this.addNoteTo(draft, identity.subject, body, now));
    return record;
  }

  async recordInteraction(
    identity: Identity,
    caseId: string,
    input: { kind: InteractionKind; direction: InteractionDirection; reference: string },
  ): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now, settings) => {
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
    return record;
  }

  async setWaitingOnCustomer(identity: Identity, caseId: string, waiting: boolean): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now) => {
      if (isTerminal(draft.status)) throw conflict(`The case is ${draft.status}; its timers are stopped.`);
      setWaiting(draft, waiting, now);
      emitAction(draft, identity.subject, 'case.waiting_on_customer_changed', now, { waiting });
    });
    return record;
  }

  async requestContactChange(
    identity: Identity,
    caseId: string,
    field: ContactField,
    newValue: string,
  ): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now) => {
      if (isTerminal(draft.status)) throw conflict(`The case is ${draft.status}; contact changes are requested on open cases.`);
      const id = randomUUID();
      draft.contactChanges.push({ id, field, newValue, status: 'PENDING', requestedBy: identity.subject, requestedAt: now });
      emitAction(draft, identity.subject, 'contact_change.requested', now, { requestId: id, field });
    });
    return record;
  }

  async decideContactChange(
    identity: Identity,
    caseId: string,
    requestId: string,
    approve: boolean,
    reason: string,
  ): Promise<RecoveryCaseRecord> {
    const { record } = await this.write(identity, caseId, (draft, now) => {
      const index = draft.contactChanges.findIndex((c) => c.id === requestId);
      if (index < 0) throw notFound(`No contact change "${requestId}" on this case.`);
      const request = draft.contactChanges[index]!;
      const decision = decideContactChange(request, { id: identity.subject, roles: identity.roles }, approve, reason, now);
      draft.contactChanges[index] = {
        ...request,
        status: decision.status,
        decidedBy: decision.decidedBy,
        decidedAt: now,
        decisionReason: decision.reason,
      };
      emitAction(draft, identity.subject, 'contact_change.decided', now, {
        requestId,
        field: request.field,
        status: decision.status,
      });
    });
    return record;
  }

  private addNoteTo(draft: RecoveryCaseRecord, authorId: string, body: string, now: Date): void {
    const id = randomUUID();
    draft.notes.push({ id, authorId, body, at: now });
    // The note text may carry customer details: the activity log gets its id and size, not its words.
    emitAction(draft, authorId, 'case.note_added', now, { noteId: id, length: body.length });
  }

  private assertVerifiable(draft: RecoveryCaseRecord, settings: RecoverySettings, method: VerificationMethod): void {
    if (!VERIFIABLE.includes(draft.status)) {
      throw conflict(
        draft.status === 'LOCKED'
          ? 'The case is LOCKED after too many failed verifications; a SUPERVISOR must review and unlock it.'
          : `Verification is recorded while the case is ${VERIFIABLE.join(', ')}; it is ${draft.status}.`,
      );
    }
    const requirement = requirementFor(settings.verification, draft.reason, draft.riskLevel);
    if (!requirement.allowedMethods.includes(method)) {
      throw badUserInput(
        `${method} does not count for a ${draft.reason} case at ${draft.riskLevel} risk; use one of: ${requirement.allowedMethods.join(', ')}.`,
        { method: 'not allowed by the tenant policy for this case' },
      );
    }
  }

  /** Records an attempt and lets the policy decide: VERIFIED when met, LOCKED after too many failures. */
  private applyAttempt(
    draft: RecoveryCaseRecord,
    identity: Identity,
    settings: RecoverySettings,
    attempt: VerificationAttemptRecord,
    now: Date,
  ): VerificationAttemptRecord {
    this.assertVerifiable(draft, settings, attempt.method);
    if (draft.status !== 'VERIFYING') moveCase(draft, 'VERIFYING', personOf(identity), 'verification started', settings.sla, now);
    draft.verifications.push(attempt);
    agentResponded(draft, settings.sla, now);
    emitAction(draft, identity.subject, 'verification.recorded', now, {
      attemptId: attempt.id,
      method: attempt.method,
      result: attempt.result,
    });
    const requirement = requirementFor(settings.verification, draft.reason, draft.riskLevel);
    const progress = evaluateVerification(settings.verification, requirement, draft.verifications, draft.unlockedAt);
    if (progress.satisfied) {
      moveCase(
        draft,
        'VERIFIED',
        { kind: 'system' },
        `verification policy met: ${progress.passesCounted} of ${progress.passesRequired} independent passes`,
        settings.sla,
        now,
      );
    } else if (progress.shouldLock) {
      moveCase(
        draft,
        'LOCKED',
        { kind: 'system' },
        `${progress.failedAttempts} failed verification attempts; a supervisor must review`,
        settings.sla,
        now,
      );
    }
    return attempt;
  }

  /** Explicit assignee (checked against the tenant's staff; others than oneself need a supervisor) or round-robin. */
  private async chooseAssignee(
    identity: Identity,
    tenantId: string,
    requested: string | undefined,
    supervisorAction = false,
  ): Promise<string> {
    const staff = await this.directory.tenantStaff(tenantId);
    if (requested !== undefined) {
      if (requested !== identity.subject && !hasRole(identity, 'SUPERVISOR', 'ADMIN')) {
        throw forbidden('Only a SUPERVISOR assigns cases to someone else.');
      }
      if (!staff.some((m) => m.id === requested)) throw notFound(`No agent "${requested}" in tenant "${tenantId}".`);
      return requested;
    }
    if (!supervisorAction && hasRole(identity, 'AGENT') && staff.some((m) => m.id === identity.subject)) return identity.subject;
    return this.roundRobin(
      tenantId,
      staff.filter((m) => m.roles.includes('AGENT')),
    );
  }

  private async roundRobin(tenantId: string, agents: readonly { id: string; available: boolean }[]): Promise<string> {
    const cursor = await this.cursors.findById(tenantId).lean().exec();
    const next = nextRoundRobinAgent(agents, cursor?.lastAssignedId);
    await this.cursors
      .replaceOne({ _id: tenantId }, { _id: tenantId, lastAssignedId: next, updatedAt: this.now() }, { upsert: true })
      .exec();
    return next;
  }

  private async write<T>(
    identity: Identity,
    caseId: string,
    change: (draft: RecoveryCaseRecord, now: Date, settings: RecoverySettings) => T,
  ): Promise<{ record: RecoveryCaseRecord; result: T }> {
    const tenantId = (await this.store.load(identity, caseId)).tenantId;
    const settings = await this.settings.forTenant(tenantId);
    const now = this.now();
    const written = await this.store.update(identity, caseId, (draft) => {
      draft.updatedAt = now;
      return change(draft, now, settings);
    });
    this.changed(written.record);
    return written;
  }
}
