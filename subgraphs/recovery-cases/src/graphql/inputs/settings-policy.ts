import { badUserInput } from '@vigil/core';
import type { SlaPolicy, SlaTargets } from '../../domain/sla.js';
import type { VerificationPolicy, VerificationRequirement } from '../../domain/verification-policy.js';
import { CASE_PRIORITIES, type CasePriority } from '../../domain/vocabulary.js';
import type { RecoverySettingsInput } from './settings.inputs.js';

/** The verification policy after applying the input to the current one (only the risks and reasons listed change). */
export function verificationFrom(current: VerificationPolicy, input: RecoverySettingsInput): VerificationPolicy {
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

/** The SLA policy after applying the input: all four priorities' targets or none, one schedule. */
export function slaFrom(current: SlaPolicy, input: RecoverySettingsInput): SlaPolicy {
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
