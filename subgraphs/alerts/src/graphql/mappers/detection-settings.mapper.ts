import type { TenantRuleSet } from '../../domain/tenant-rules.js';
import type { DetectionSettings } from '../types/detection-settings.types.js';

/** A tenant's resolved rules as the API shows them (defaults merged with overrides, sources included). */
export function toSettings(set: TenantRuleSet): DetectionSettings {
  return {
    tenantId: set.tenantId,
    ipAllowlist: [...set.allowlist.entries],
    latenessMinutes: set.latenessMinutes,
    rules: [...set.rules.values()].map((rule) => ({
      id: rule.id,
      name: rule.name,
      description: rule.description,
      sources: rule.sources.map((source) => ({ title: source.title, url: source.url })),
      severity: rule.severity,
      enabled: rule.enabled,
      mode: rule.mode,
      parameters: Object.entries(rule.params).map(([name, value]) => ({ name, value })),
      suppressionMinutes: rule.suppressionMinutes,
      usesIpAllowlist: rule.usesIpAllowlist,
      ipAllowlist: [...rule.ruleIpAllowlist],
    })),
  };
}
