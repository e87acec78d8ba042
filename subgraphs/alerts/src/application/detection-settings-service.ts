import { requireTenantAccess, type Identity } from '@vigil/core';
import { invalidInput } from '@vigil/core/domain';
import {
  compactOverride,
  countProblems,
  parametersByName,
  validateDetectionSettings,
  type NamedParameter,
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
  readonly overrides?: readonly RuleOverrideChange[];
  /** Rules whose overrides are dropped (back to the defaults). */
  readonly resetRuleIds?: readonly string[];
}

/** One rule's override as an admin sends it: its parameters a list of names and values. */
export interface RuleOverrideChange extends Omit<RuleOverride, 'params'> {
  readonly parameters?: readonly NamedParameter[];
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
    const named = (change.overrides ?? []).map(({ parameters, ...override }) => {
      const { params, problems } = parameters
        ? parametersByName(override.ruleId, parameters)
        : { params: undefined, problems: [] };
      return { override: { ...override, params }, problems };
    });
    const next = {
      tenantId: change.tenantId,
      ipAllowlist: change.ipAllowlist ?? current?.ipAllowlist ?? [],
      overrides: [
        ...(current?.overrides ?? []).filter((override) => !changed.has(override.ruleId)),
        ...named.map(({ override }) => override),
      ].map(compactOverride),
      latenessMinutes: change.latenessMinutes ?? current?.latenessMinutes,
    };
    const problems = [...named.flatMap((entry) => entry.problems), ...validateDetectionSettings(next), ...countProblems(next)];
    if (problems.length > 0) throw invalidInput(`Detection settings not saved: ${problems.join('; ')}.`);
    await this.settings.save(next, identity.subject);
    this.rules.forget(change.tenantId);
    return this.rules.rulesFor(change.tenantId);
  }
}
