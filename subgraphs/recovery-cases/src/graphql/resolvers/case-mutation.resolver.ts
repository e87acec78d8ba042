import { assertTenantAccess, assertTenantReferences, type TenantReferences } from '@vigil/core';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { checkLength } from '../inputs/arg-checks.js';
import type { CaseStatus } from '../../domain/case-lifecycle.js';
import type { ContactField } from '../../domain/contact-change.js';
import { assignCase } from '../../application/assignment.js';
import type { RecoveryCommandDeps } from '../../application/case-command.js';
import { addCaseNote, recordInteraction } from '../../application/case-conversation.js';
import { changeStatus, setWaitingOnCustomer } from '../../application/case-status.js';
import { decideContactChange, requestContactChange } from '../../application/contact-change-requests.js';
import { openCase } from '../../application/open-case.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { CaseStatusEnum, ContactFieldEnum } from '../types/enums.js';
import { OpenRecoveryCaseInput, RecordInteractionInput } from '../inputs/case.inputs.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { toCaseView } from '../mappers/case-view.js';

const REASON = { description: 'Why; recorded for auditors.' };

/** Thin: argument checks → command (application/) → view. Every rule lives in the commands and the domain. */
@Resolver()
export class RecoveryCaseMutationResolver {
  constructor(
    private readonly commands: RecoveryCommandDeps,
    private readonly alerts: TenantReferences,
  ) {}

  @Mutation(() => RecoveryCaseType)
  async openRecoveryCase(
    @Arg('input', () => OpenRecoveryCaseInput) input: OpenRecoveryCaseInput,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    // Linked alerts must be the case's tenant's: NOT_FOUND for another tenant's alert, as for a missing one.
    assertTenantAccess(ctx.identity, input.tenantId);
    await assertTenantReferences(this.alerts, input.tenantId, input.linkedAlertIds ?? [], 'alert');
    return toCaseView(await openCase(this.commands, ctx.identity, input));
  }

  @Mutation(() => RecoveryCaseType, {
    description: 'SUPERVISOR: assign to an agent, or round-robin among available agents when agentId is omitted.',
  })
  async assignRecoveryCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('agentId', () => ID, { nullable: true }) agentId: string | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    return toCaseView(await assignCase(this.commands, ctx.identity, caseId, agentId ?? undefined));
  }

  @Mutation(() => RecoveryCaseType, {
    description: 'Escalate, reject, expire, reopen, resolve, or (SUPERVISOR) unlock a LOCKED case back to VERIFYING.',
  })
  async changeRecoveryCaseStatus(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('status', () => CaseStatusEnum) status: CaseStatus,
    @Arg('reason', REASON) reason: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkLength('reason', reason, 1, 1000);
    return toCaseView(await changeStatus(this.commands, ctx.identity, caseId, status, reason));
  }

  @Mutation(() => RecoveryCaseType)
  async addCaseNote(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('body') body: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkLength('body', body, 1, 4000);
    return toCaseView(await addCaseNote(this.commands, ctx.identity, caseId, body));
  }

  @Mutation(() => RecoveryCaseType, {
    description: 'INBOUND resumes paused clocks and starts next-response; OUTBOUND counts as a response.',
  })
  async recordCaseInteraction(
    @Arg('input', () => RecordInteractionInput) input: RecordInteractionInput,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    const { caseId, ...interaction } = input;
    return toCaseView(await recordInteraction(this.commands, ctx.identity, caseId, interaction));
  }

  @Mutation(() => RecoveryCaseType, { description: 'Waiting on the customer pauses the resolution and next-response clocks.' })
  async setWaitingOnCustomer(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('waiting') waiting: boolean,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    return toCaseView(await setWaitingOnCustomer(this.commands, ctx.identity, caseId, waiting));
  }

  @Mutation(() => RecoveryCaseType, { description: 'A contact change during a recovery waits for a supervisor.' })
  async requestContactChange(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('field', () => ContactFieldEnum) field: ContactField,
    @Arg('newValue') newValue: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkLength('newValue', newValue, 3, 254);
    return toCaseView(await requestContactChange(this.commands, ctx.identity, caseId, field, newValue));
  }

  @Mutation(() => RecoveryCaseType, { description: 'SUPERVISOR (not the requester) approves or rejects a contact change.' })
  async decideContactChange(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('approve') approve: boolean,
    @Arg('reason', REASON) reason: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkLength('reason', reason, 1, 1000);
    return toCaseView(await decideContactChange(this.commands, ctx.identity, caseId, requestId, approve, reason));
  }
}
