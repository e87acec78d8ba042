import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, Mutation, Query, Resolver, ID } from 'type-graphql';
import { badUserInput } from '@vigil/core';
import type { AlertService } from '../../application/alert-service.js';
import type { DetectionSettingsService } from '../../application/detection-settings-service.js';
import { DetectionSettings, DetectionSettingsInput } from '../types/detection-settings.types.js';
import { toSettings } from '../mappers/detection-settings.mapper.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { RuleMetrics } from '../types/rule-metrics.types.js';

@Resolver()
export class DetectionSettingsResolver {
  constructor(
    private readonly settings: DetectionSettingsService,
    private readonly alerts: AlertService,
  ) {}

  @Query(() => DetectionSettings, {
    nullable: true,
    description: "A tenant's detection rules (defaults + overrides) and IP allowlist.",
  })
  async detectionSettings(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
  ): Promise<DetectionSettings> {
    return toSettings(await this.settings.rulesFor(context.identity, tenantId));
  }

  @Mutation(() => DetectionSettings, {
    description: 'Tune rules for a tenant: thresholds, windows, severity, enabled, audit-only mode, allowlist.',
  })
  async updateDetectionSettings(
    @Ctx() context: AlertsContext,
    @Arg('input', () => DetectionSettingsInput) input: DetectionSettingsInput,
  ): Promise<DetectionSettings> {
    const updated = await this.settings.update(context.identity, {
      tenantId: input.tenantId,
      ipAllowlist: input.ipAllowlist,
      latenessMinutes: input.latenessMinutes ?? undefined,
      resetRuleIds: input.resetRules,
      overrides: input.overrides?.map((override) => ({
        ruleId: override.ruleId,
        enabled: override.enabled ?? undefined,
        mode: override.mode ?? undefined,
        severity: override.severity ?? undefined,
        suppressionMinutes: override.suppressionMinutes ?? undefined,
        ipAllowlist: override.ipAllowlist ?? undefined,
        parameters: override.parameters ?? undefined,
      })),
    });
    return toSettings(updated);
  }

  @Query(() => [RuleMetrics], {
    nullable: true,
    description: 'MTTA, MTTR and false-positive rate per rule for alerts raised in the range.',
  })
  async alertMetrics(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('since', () => GraphQLDateTime) since: Date,
    @Arg('until', () => GraphQLDateTime, { nullable: true }) until?: Date,
  ): Promise<RuleMetrics[]> {
    const end = until ?? new Date();
    if (since >= end) throw badUserInput('`since` must be before `until`.', { since: 'before until' });
    const metrics = await this.alerts.metrics(context.identity, tenantId, since, end);
    return metrics.map(({ ruleId, ...rest }) => ({ rule: ruleId, ...rest }));
  }
}
