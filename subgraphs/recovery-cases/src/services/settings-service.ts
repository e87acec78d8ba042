import { assertTenantAccess, badUserInput, type Identity } from '@vigil/core';
import { validateSchedule } from '../domain/business-hours.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla.js';
import { DEFAULT_VERIFICATION_POLICY, type VerificationPolicy } from '../domain/verification-policy.js';
import type { RecoverySettingsModel } from '../models/recovery-settings.js';

export interface RecoverySettings {
  readonly tenantId: string;
  readonly verification: VerificationPolicy;
  readonly sla: SlaPolicy;
}

/** A tenant's recovery policy, falling back to the defaults for anything it has not set. */
export class SettingsService {
  constructor(private readonly settings: RecoverySettingsModel) {}

  async forTenant(tenantId: string): Promise<RecoverySettings> {
    const stored = await this.settings.findById(tenantId).lean().exec();
    return {
      tenantId,
      verification: stored?.verification ?? DEFAULT_VERIFICATION_POLICY,
      sla: stored?.sla ?? DEFAULT_SLA_POLICY,
    };
  }

  async update(
    identity: Identity,
    tenantId: string,
    change: { maxFailedAttempts?: number; sla?: SlaPolicy },
    now: Date,
  ): Promise<RecoverySettings> {
    assertTenantAccess(identity, tenantId);
    const current = await this.forTenant(tenantId);
    if (change.sla) {
      const problem = validateSchedule(change.sla.schedule);
      if (problem) throw badUserInput(problem, { schedule: problem });
    }
    const verification = change.maxFailedAttempts
      ? { ...current.verification, maxFailedAttempts: change.maxFailedAttempts }
      : current.verification;
    const sla = change.sla ?? current.sla;
    await this.settings
      .replaceOne({ _id: tenantId }, { _id: tenantId, verification, sla, updatedBy: identity.subject, updatedAt: now }, { upsert: true })
      .exec();
    return { tenantId, verification, sla };
  }
}
