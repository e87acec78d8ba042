import { requireTenantAccess, type Identity } from '@vigil/core';
import { invalidInput } from '@vigil/core/domain';
import {
  compactOverride,
  unreachableCounts,
  validateDetectionSettings,
  type RuleOverride,
  type TenantRuleSet,
} from '../domain/tenant-rules.js';
import type { DetectionSettingsStore, TenantRules } from './ports.js';

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
    private readonly settings: DetectionSettingsStore,
    private readonly rules: TenantRules,
  ) {}

  async rulesFor(identity: Identity, tenantId: string): Promise<TenantRuleSet> {
    requireTenantAccess(identity, tenantId);
    return this.rules.rulesFor(tenantId);
  }

  async update(identity: Identity, change: DetectionSettingsChange): Promise<TenantRuleSet> {
    requireTenantAccess(identity, change.tenantId);
    const current = await this.settings.read(change.tenantId);
    const changed = new Set([...(change.overrides ?? []).map((override) => override.ruleId), ...(change.resetRuleIds ?? [])]);
    const next = {
      tenantId: change.tenantId,
      ipAllowlist: change.ipAllowlist ?? current?.ipAllowlist ?? [],
      overrides: [
        ...(current?.overrides ?? []).filter((override) => !changed.has(override.ruleId)),
        ...(change.overrides ?? []),
      ].map(compactOverride),
      latenessMinutes: change.latenessMinutes ?? current?.latenessMinutes,
    };
    const problems = [...validateDetectionSettings(next), ...unreachableCounts(next)];
    if (problems.length > 0) throw invalidInput(`Detection settings not saved: ${problems.join('; ')}.`);
    await this.settings.save(next, identity.subject);
    this.rules.forget(change.tenantId);
    return this.rules.rulesFor(change.tenantId);
  }
}
