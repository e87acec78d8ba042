import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { assertTenantAccess, badUserInput } from '@vigil/core';
import { CASE_PRIORITIES, CASE_REASONS, RISK_LEVELS, type CasePriority } from '../../domain/vocabulary.js';
import type { VerificationPolicy, VerificationRequirement } from '../../domain/verification-policy.js';
import type { SlaPolicy, SlaTargets } from '../../domain/sla.js';
import type { RecoveryQueries } from '../../services/recovery-queries.js';
import type { RecoverySettings, SettingsService } from '../../services/settings-service.js';
import type { RecoveryContext } from '../context.js';
import { checkPattern } from '../arg-checks.js';
import { ID_PATTERN, RecoverySettingsInput, SlaBreachFilter } from '../inputs/case.inputs.js';
import { RecoveryMetricsType, RecoverySettingsType, SlaBreachType } from '../types/report.types.js';
import { toCaseView } from '../views.js';

const MAX_METRICS_SPAN_MS = 366 * 86_400_000;

/** Supervisor and auditor views: SLA breaches, floor metrics, and the tenant's recovery policy. */
@Resolver()
export class RecoveryReportsResolver {
  constructor(
    private readonly queries: RecoveryQueries,
    private readonly settings: SettingsService,
    private readonly clock: () => Date,
  ) {}

  @Query(() => [SlaBreachType], { nullable: true, description: 'SLA targets exceeded in the period, newest first.' })
  async slaBreaches(
    @Arg('filter', () => SlaBreachFilter) filter: SlaBreachFilter,
    @Ctx() ctx: RecoveryContext,
  ): Promise<SlaBreachType[]> {
    const breaches = await this.queries.slaBreaches(ctx.identity, filter);
    return breaches.map((b) => ({
      recoveryCase: toCaseView(b.record),
      metric: b.metric,
      priority: b.record.priority,
      breachedAt: b.breachedAt,
      targetSeconds: Math.round(b.targetMs / 1000),
      ...(b.record.assigneeId ? { assigneeId: b.record.assigneeId } : {}),
    }));
  }

  @Query(() => RecoveryMetricsType, { nullable: true, description: 'Floor metrics over the cases opened in [from, to).' })
  async recoveryMetrics(
    @Arg('tenantId') tenantId: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryMetricsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    if (!(from < to) || to.getTime() - from.getTime() > MAX_METRICS_SPAN_MS) {
      throw badUserInput('Choose a period with from before to, at most one year long.', { to: 'after from, within a year' });
    }
    const m = await this.queries.metrics(ctx.identity, tenantId, from, to);
    const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
    return {
      tenantId,
      from,
      to,
      casesOpened: m.casesOpened,
      casesResolved: m.casesResolved,
      firstContactResolutionRate: m.firstContactResolutionRate,
      medianTimeToRecoverSeconds: seconds(m.medianTimeToRecoverMs),
      slaCompliance: m.slaCompliance,
      failedVerificationRate: m.failedVerificationRate,
      perAgent: m.perAgent.map((a) => ({
        agentId: a.agentId,
        casesHandled: a.casesHandled,
        medianHandleTimeSeconds: seconds(a.medianHandleTimeMs),
      })),
    };
  }

  @Query(() => RecoverySettingsType, { nullable: true })
  async recoverySettings(@Arg('tenantId') tenantId: string, @Ctx() ctx: RecoveryContext): Promise<RecoverySettingsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    assertTenantAccess(ctx.identity, tenantId);
    return toSettingsView(await this.settings.forTenant(tenantId));
  }

  @Mutation(() => RecoverySettingsType, { description: 'ADMIN: lock threshold, SLA targets per priority, business hours.' })
  async updateRecoverySettings(
    @Arg('tenantId') tenantId: string,
    @Arg('input', () => RecoverySettingsInput) input: RecoverySettingsInput,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoverySettingsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    assertTenantAccess(ctx.identity, tenantId);
    const current = await this.settings.forTenant(tenantId);
    const updated = await this.settings.replace(
      ctx.identity,
      tenantId,
      verificationFrom(current.verification, input),
      slaFrom(current.sla, input),
      this.clock(),
    );
    return toSettingsView(updated);
  }
}

function verificationFrom(current: VerificationPolicy, input: RecoverySettingsInput): VerificationPolicy {
  const byRisk = { ...current.byRisk };
  const byReason = { ...(current.byReason ?? {}) };
  for (const given of input.verificationRequirements ?? []) {
    const requirement: VerificationRequirement = {
      allowedMethods: [...given.allowedMethods],
      requiredPasses: given.requiredPasses,
      independent: given.independent,
    };
    if (given.riskLevel && !given.reason) byRisk[given.riskLevel] = requirement;
    else if (given.reason && !given.riskLevel) byReason[given.reason] = requirement;
    else
      throw badUserInput('Each verification requirement names a riskLevel or a reason, not both and not neither.', {
        verificationRequirements: 'riskLevel or reason',
      });
  }
  return { maxFailedAttempts: input.maxFailedAttempts ?? current.maxFailedAttempts, byRisk, byReason };
}

function slaFrom(current: SlaPolicy, input: RecoverySettingsInput): SlaPolicy {
  let byPriority = current.byPriority;
  if (input.slaTargets) {
    const given = new Map(input.slaTargets.map((t) => [t.priority, t]));
    if (given.size !== CASE_PRIORITIES.length) {
      throw badUserInput(`Give SLA targets for all of ${CASE_PRIORITIES.join(', ')}, once each.`, {
        slaTargets: 'one entry per priority',
      });
    }
    byPriority = Object.fromEntries(
      CASE_PRIORITIES.map((p) => {
        const t = given.get(p)!;
        const targets: SlaTargets = {
          firstResponseMs: t.firstResponseSeconds * 1000,
          nextResponseMs: t.nextResponseSeconds * 1000,
          resolutionMs: t.resolutionSeconds * 1000,
        };
        return [p, targets];
      }),
    ) as Record<CasePriority, SlaTargets>;
  }
  const schedule: SlaPolicy['schedule'] = input.businessHours
    ? { kind: 'BUSINESS_HOURS', ...input.businessHours, weekdays: [...input.businessHours.weekdays] }
    : input.twentyFourSeven
      ? { kind: 'ALWAYS' }
      : current.schedule;
  return { schedule, warnAtFraction: input.warnAtFraction ?? current.warnAtFraction, byPriority };
}

const copy = (r: VerificationRequirement) => ({
  allowedMethods: [...r.allowedMethods],
  requiredPasses: r.requiredPasses,
  independent: r.independent,
});

function toSettingsView(settings: RecoverySettings): RecoverySettingsType {
  const { schedule } = settings.sla;
  return {
    tenantId: settings.tenantId,
    maxFailedAttempts: settings.verification.maxFailedAttempts,
    verificationRequirements: [
      ...RISK_LEVELS.map((riskLevel) => ({ riskLevel, ...copy(settings.verification.byRisk[riskLevel]) })),
      ...CASE_REASONS.flatMap((reason) => {
        const requirement = settings.verification.byReason?.[reason];
        return requirement ? [{ reason, ...copy(requirement) }] : [];
      }),
    ],
    scheduleKind: schedule.kind,
    ...(schedule.kind === 'BUSINESS_HOURS' ? { timeZone: schedule.timeZone } : {}),
    warnAtFraction: settings.sla.warnAtFraction,
    targets: CASE_PRIORITIES.map((priority) => {
      const t = settings.sla.byPriority[priority];
      return {
        priority,
        firstResponseSeconds: t.firstResponseMs / 1000,
        nextResponseSeconds: t.nextResponseMs / 1000,
        resolutionSeconds: t.resolutionMs / 1000,
      };
    }),
  };
}
