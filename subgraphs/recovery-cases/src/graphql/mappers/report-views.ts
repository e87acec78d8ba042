import type { SlaBreach } from '../../application/sla-breaches.js';
import type { RecoverySettings } from '../../application/settings.js';
import type { RecoveryMetrics } from '../../domain/metrics.js';
import type { VerificationRequirement } from '../../domain/verification-policy.js';
import { CASE_PRIORITIES, CASE_REASONS, RISK_LEVELS } from '../../domain/vocabulary.js';
import type { RecoveryMetricsType, RecoverySettingsType, SlaBreachType } from '../types/report.types.js';
import { toCaseView } from './case-view.js';

export function toBreachView(breach: SlaBreach): SlaBreachType {
  return {
    recoveryCase: toCaseView(breach.record),
    metric: breach.metric,
    priority: breach.record.priority,
    breachedAt: breach.breachedAt,
    targetSeconds: Math.round(breach.targetMs / 1000),
    ...(breach.record.assigneeId ? { assigneeId: breach.record.assigneeId } : {}),
  };
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

export function toMetricsView(tenantId: string, from: Date, to: Date, m: RecoveryMetrics): RecoveryMetricsType {
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

const copy = (r: VerificationRequirement) => ({
  allowedMethods: [...r.allowedMethods],
  requiredPasses: r.requiredPasses,
  independent: r.independent,
});

export function toSettingsView(settings: RecoverySettings): RecoverySettingsType {
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
