import { compactOverride, defaultDetectionSettings, resolveTenantRules, type TenantRuleSet } from '../../domain/tenant-rules.js';
import type { DetectionSettingsModel } from './detection-settings.model.js';

/**
 * A tenant's rules, read from MongoDB and cached briefly: detection runs per event, settings change
 * rarely. A change made on another instance applies within `ttlMs`.
 */
export class TenantRuleSource {
  private readonly cache = new Map<string, { rules: TenantRuleSet; expires: number }>();

  constructor(
    private readonly settings: DetectionSettingsModel,
    private readonly ttlMs = 5_000,
  ) {}

  async rulesFor(tenantId: string): Promise<TenantRuleSet> {
    const cached = this.cache.get(tenantId);
    if (cached !== undefined && cached.expires > Date.now()) return cached.rules;
    const stored = await this.settings.findById(tenantId).lean();
    const rules = resolveTenantRules(
      stored === null
        ? defaultDetectionSettings(tenantId)
        : {
            tenantId,
            ipAllowlist: stored.ipAllowlist,
            overrides: stored.overrides.map(compactOverride),
            latenessMinutes: stored.latenessMinutes ?? undefined,
          },
    );
    this.cache.set(tenantId, { rules, expires: Date.now() + this.ttlMs });
    return rules;
  }

  /** After a local settings change: the next event uses them at once on this instance. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
