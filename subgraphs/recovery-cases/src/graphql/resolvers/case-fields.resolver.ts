import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { allowedTransitions, type CaseStatus } from '../../domain/case-lifecycle.js';
import { timerState } from '../../domain/sla.js';
import { countedAttempts, evaluateVerification, requirementFor } from '../../domain/verification-policy.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { CaseStatusEnum } from '../types/enums.js';
import { AccountRef, AgentRef, AlertRef } from '../types/entity-refs.js';
import { RecoveryCaseType, SlaTimerType, VerificationProgressType } from '../types/case.types.js';

type CaseView = RecoveryCaseType & { readonly record: RecoveryCaseRecord };

/** Fields computed from the stored case: live SLA clocks, what can happen next, links to other subgraphs. */
@Resolver(() => RecoveryCaseType)
export class RecoveryCaseFieldsResolver {
  constructor(private readonly clock: () => Date) {}

  @FieldResolver(() => [SlaTimerType], { description: 'SLA clocks as of now (paused while waiting on the customer).' })
  async sla(@Root() view: CaseView, @Ctx() ctx: RecoveryContext): Promise<SlaTimerType[]> {
    const { sla } = await ctx.loaders.settingsByTenant.load(view.record.tenantId);
    const now = this.clock();
    return view.record.slaTimers.map((timer) => {
      const state = timerState(timer, sla.schedule, now);
      return {
        metric: timer.metric,
        status: state.status,
        targetSeconds: Math.round(timer.targetMs / 1000),
        elapsedSeconds: Math.floor(state.elapsedMs / 1000),
        remainingSeconds: Math.ceil(state.remainingMs / 1000),
        ...(state.dueAt ? { dueAt: state.dueAt } : {}),
        startedAt: timer.segments[0]!.from,
        ...(timer.fulfilledAt ? { fulfilledAt: timer.fulfilledAt } : {}),
        ...(timer.breachedAt ? { breachedAt: timer.breachedAt } : {}),
      };
    });
  }

  @FieldResolver(() => [CaseStatusEnum], {
    description: 'Where the case may move next (the system sets VERIFIED, LOCKED, RESET_ISSUED).',
  })
  allowedTransitions(@Root() view: CaseView): readonly CaseStatus[] {
    return allowedTransitions(view.record.status);
  }

  @FieldResolver(() => VerificationProgressType)
  async verificationProgress(@Root() view: CaseView, @Ctx() ctx: RecoveryContext): Promise<VerificationProgressType> {
    const { verification } = await ctx.loaders.settingsByTenant.load(view.record.tenantId);
    const requirement = requirementFor(verification, view.record.reason, view.record.riskLevel);
    const attempts = countedAttempts(view.record.verifications, view.record.history);
    const progress = evaluateVerification(verification, requirement, attempts, view.record.unlockedAt);
    return {
      passesCounted: progress.passesCounted,
      passesRequired: progress.passesRequired,
      independent: requirement.independent,
      allowedMethods: [...requirement.allowedMethods],
      failedAttempts: progress.failedAttempts,
      maxFailedAttempts: verification.maxFailedAttempts,
    };
  }

  @FieldResolver(() => AccountRef, { nullable: true })
  account(@Root() view: CaseView): AccountRef {
    return { id: view.record.accountId };
  }

  @FieldResolver(() => AgentRef, { nullable: true })
  assignee(@Root() view: CaseView): AgentRef | null {
    return view.record.assigneeId ? { id: view.record.assigneeId } : null;
  }

  @FieldResolver(() => [AlertRef], { nullable: true })
  linkedAlerts(@Root() view: CaseView): AlertRef[] {
    return view.record.linkedAlertIds.map((id) => ({ id }));
  }
}
