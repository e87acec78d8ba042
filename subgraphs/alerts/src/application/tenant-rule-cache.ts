import { defaultDetectionSettings, resolveTenantRules, type TenantRuleSet } from '../domain/tenant-rules.js';
import type { DetectionSettingsStore, TenantRules } from './ports.js';

/**
 * A tenant's rules, read from the settings store and cached briefly: detection runs per event, settings change
 * rarely. A change made on another instance applies within `ttlMs`.
 */
export class TenantRuleCache implements TenantRules {
  private readonly cache = new Map<string, { rules: TenantRuleSet; expires: number }>();

  constructor(
    private readonly settings: DetectionSettingsStore,
    private readonly ttlMs = 5_000,
  ) {}

  async rulesFor(tenantId: string): Promise<TenantRuleSet> {
    const cached = this.cache.get(tenantId);
    if (cached !== undefined && cached.expires > Date.now()) return cached.rules;
    const rules = resolveTenantRules((await this.settings.read(tenantId)) ?? defaultDetectionSettings(tenantId));
    this.cache.set(tenantId, { rules, expires: Date.now() + this.ttlMs });
    return rules;
  }

  /** After a local settings change: the next event uses them at once on this instance. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
