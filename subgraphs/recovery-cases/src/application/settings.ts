import { ADMIN_ACTIONS, changedFields, flattenForSummary, publishAdminAction, type EventBus } from '@vigil/core';
import { invalidInput, requireTenantAccess, type Identity } from '@vigil/core/domain';
import { validateSchedule } from '../domain/business-hours.js';
import { DEFAULT_SLA_POLICY, targetsProblem, type SlaPolicy } from '../domain/sla.js';
import { DEFAULT_VERIFICATION_POLICY, requirementProblem, type VerificationPolicy } from '../domain/verification-policy.js';
import type { SettingsRepository } from './ports.js';

export interface RecoverySettings {
  readonly tenantId: string;
  readonly verification: VerificationPolicy;
  readonly sla: SlaPolicy;
}

/** A tenant's recovery policy, falling back to the defaults for anything it has not set. */
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    /** Where policy changes are published for the tenant's audit chain (verification decides who gets access). */
    private readonly bus?: EventBus,
  ) {}

  async forTenant(tenantId: string): Promise<RecoverySettings> {
    const stored = await this.settings.find(tenantId);
    return {
      tenantId,
      verification: stored?.verification ?? DEFAULT_VERIFICATION_POLICY,
      sla: stored?.sla ?? DEFAULT_SLA_POLICY,
    };
  }

  /**
   * Replaces the tenant's policy after checking it can work (a schedule with hours, targets that fall due within a year
   * of it, reachable requirements).
   */
  async replace(
    identity: Identity,
    tenantId: string,
    verification: VerificationPolicy,
    sla: SlaPolicy,
    now: Date,
  ): Promise<RecoverySettings> {
    requireTenantAccess(identity, tenantId);
    const scheduleProblem = validateSchedule(sla.schedule);
    if (scheduleProblem) throw invalidInput(scheduleProblem, { businessHours: scheduleProblem });
    const targetsTooLong = targetsProblem(sla);
    if (targetsTooLong) throw invalidInput(targetsTooLong, { slaTargets: targetsTooLong });
    const requirements = [...Object.entries(verification.byRisk), ...Object.entries(verification.byReason ?? {})];
    for (const [key, requirement] of requirements) {
      const problem = requirement && requirementProblem(requirement);
      if (problem) throw invalidInput(`${key}: ${problem}`, { verificationRequirements: `${key}: ${problem}` });
    }
    const before = await this.forTenant(tenantId);
    await this.settings.save(tenantId, { verification, sla }, identity.subject, now);
    const changed = changedFields(
      flattenForSummary({ verification: before.verification, sla: before.sla }),
      flattenForSummary({ verification, sla }),
    );
    if (this.bus && Object.keys(changed.after).length > 0) {
      await publishAdminAction(this.bus, identity, {
        tenantId,
        action: ADMIN_ACTIONS.recoverySettingsChanged,
        target: { type: 'recovery-settings', id: tenantId },
        ...changed,
      });
    }
    return { tenantId, verification, sla };
  }
}
