import { assertTenantAccess, type Identity } from '@vigil/core';
import { invalidInput } from '@vigil/core/domain';
import { compactOverride, validateDetectionSettings, type RuleOverride, type TenantRuleSet } from '../domain/tenant-rules.js';
import type { DetectionSettingsModel } from '../adapters/mongo/detection-settings.model.js';
import type { TenantRules } from './ports.js';

export interface DetectionSettingsChange {
  readonly tenantId: string;
  /** Replaces the allowlist when given. */
  readonly ipAllowlist?: readonly string[];
  /** Replaces the lateness bound when given. */
  readonly latenessMinutes?: number;
  /** Replaces the overrides of the rules named here; other rules keep theirs. */
  readonly overrides?: readonly RuleOverride[];
  /** Rules whose overrides are dropped (back to the defaults). */
  readonly resetRuleIds?: readonly string[];
}

/** Reads and changes a tenant's detection settings; validation lists every problem at once. */
export class DetectionSettingsService {
  constructor(
    private readonly settings: DetectionSettingsModel,
    private readonly rules: TenantRules,
  ) {}

  async rulesFor(identity: Identity, tenantId: string): Promise<TenantRuleSet> {
    assertTenantAccess(identity, tenantId);
    return this.rules.rulesFor(tenantId);
  }

  async update(identity: Identity, change: DetectionSettingsChange): Promise<TenantRuleSet> {
    assertTenantAccess(identity, change.tenantId);
    const current = await this.settings.findById(change.tenantId).lean();
    const changed = new Set([...(change.overrides ?? []).map((override) => override.ruleId), ...(change.resetRuleIds ?? [])]);
    const overrides = [
      ...(current?.overrides ?? []).filter((override) => !changed.has(override.ruleId)),
      ...(change.overrides ?? []),
    ].map(compactOverride);
    const ipAllowlist = change.ipAllowlist ?? current?.ipAllowlist ?? [];
    const latenessMinutes = change.latenessMinutes ?? current?.latenessMinutes ?? undefined;
    const problems = validateDetectionSettings({ tenantId: change.tenantId, ipAllowlist, overrides, latenessMinutes });
    if (problems.length > 0) throw invalidInput(`Detection settings not saved: ${problems.join('; ')}.`);
    await this.settings.updateOne(
      { _id: change.tenantId },
      {
        $set: {
          ipAllowlist: [...ipAllowlist],
          overrides,
          ...(latenessMinutes !== undefined ? { latenessMinutes } : {}),
          updatedAt: new Date(),
          updatedBy: identity.subject,
        },
      },
      { upsert: true },
    );
    this.rules.forget(change.tenantId);
    return this.rules.rulesFor(change.tenantId);
  }
}
