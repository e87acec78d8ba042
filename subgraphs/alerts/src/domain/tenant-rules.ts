import { IpAllowlist } from './ip-allowlist.js';
import { isRuleId, type RuleId, type RuleMode } from './rule-catalog.js';
import { DEFAULT_RULES, type DetectionRuleDefinition, type ResolvedRule } from './rules/index.js';
import { isSeverity, type Severity } from './severity.js';

/** What a tenant may change about one rule; anything left out keeps the default. */
export interface RuleOverride {
  readonly ruleId: string;
  readonly enabled?: boolean;
  readonly mode?: RuleMode;
  readonly severity?: Severity;
  readonly params?: Readonly<Record<string, number>>;
  readonly lists?: Readonly<Record<string, readonly string[]>>;
  readonly suppressionMinutes?: number;
  /** IPs / CIDRs this rule alone ignores (added to the tenant list when the rule uses it). */
  readonly ipAllowlist?: readonly string[];
}

/** A tenant's detection settings: per-rule overrides plus IPs/CIDRs the IP-driven rules ignore. */
export interface TenantDetectionSettings {
  readonly tenantId: string;
  /** Applies to the rules whose `usesIpAllowlist` is set (the ones counting across accounts). */
  readonly ipAllowlist: readonly string[];
  readonly overrides: readonly RuleOverride[];
  /** How late (in event time, behind the newest event seen) an event may arrive and still be judged. */
  readonly latenessMinutes?: number;
}

export interface TenantRuleSet {
  readonly tenantId: string;
  readonly rules: ReadonlyMap<RuleId, ResolvedRule>;
  /** The tenant-wide list (the rules with `usesIpAllowlist`). */
  readonly allowlist: IpAllowlist;
  readonly latenessMinutes: number;
}

/**
 * Default lateness bound: log shippers batch, retry and reorder; a day covers an agent that was offline
 * overnight. Events older than this behind the tenant's newest event are kept for baselines but not judged.
 */
export const DEFAULT_LATENESS_MINUTES = 1_440;
export const MAX_LATENESS_MINUTES = 43_200;
/** Auth0 allows up to 100 allowlist entries; the same bound applies per rule. */
export const MAX_ALLOWLIST_ENTRIES = 100;

export class InvalidRuleOverrideError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid detection settings: ${problems.join('; ')}`);
    this.name = 'InvalidRuleOverrideError';
  }
}

const MAX_PARAM_VALUE = 1_000_000;

/** Lists every problem at once, so a tenant admin can fix them in one go. */
export function validateDetectionSettings(settings: TenantDetectionSettings): string[] {
  const problems: string[] = [...allowlistProblems(settings.ipAllowlist, 'ipAllowlist')];
  const lateness = settings.latenessMinutes;
  if (lateness !== undefined && (!Number.isInteger(lateness) || lateness < 0 || lateness > MAX_LATENESS_MINUTES)) {
    problems.push(`latenessMinutes must be a whole number between 0 and ${MAX_LATENESS_MINUTES} (30 days)`);
  }
  const seen = new Set<string>();
  for (const override of settings.overrides) {
    const { ruleId } = override;
    if (!isRuleId(ruleId)) {
      problems.push(`unknown rule "${ruleId}"`);
      continue;
    }
    if (seen.has(ruleId)) problems.push(`rule "${ruleId}" is overridden twice`);
    seen.add(ruleId);
    const defaults = DEFAULT_RULES.find((rule) => rule.id === ruleId) as DetectionRuleDefinition;
    if (override.severity !== undefined && !isSeverity(override.severity)) {
      problems.push(`${ruleId}: severity must be one of LOW, MEDIUM, HIGH, CRITICAL`);
    }
    if (override.mode !== undefined && override.mode !== 'ALERT' && override.mode !== 'AUDIT_ONLY') {
      problems.push(`${ruleId}: mode must be ALERT or AUDIT_ONLY`);
    }
    for (const [key, value] of Object.entries(override.params ?? {})) {
      if (!Object.hasOwn(defaults.params, key)) {
        problems.push(`${ruleId}: unknown parameter "${key}" (known: ${Object.keys(defaults.params).join(', ') || 'none'})`);
      } else if (!Number.isFinite(value) || value <= 0 || value > MAX_PARAM_VALUE) {
        problems.push(`${ruleId}: parameter "${key}" must be a positive number up to ${MAX_PARAM_VALUE}`);
      }
    }
    for (const key of Object.keys(override.lists ?? {})) {
      if (!Object.hasOwn(defaults.lists, key)) problems.push(`${ruleId}: unknown list "${key}"`);
    }
    problems.push(...allowlistProblems(override.ipAllowlist ?? [], `${ruleId}: ipAllowlist`));
    const suppression = override.suppressionMinutes;
    if (suppression !== undefined && (!Number.isFinite(suppression) || suppression < 0 || suppression > 525_600)) {
      problems.push(`${ruleId}: suppressionMinutes must be between 0 and 525600 (one year)`);
    }
  }
  return problems;
}

/**
 * Counts a tenant sets that are not whole numbers ("count ≥ 0.5" fires on the first event, which is not what an
 * admin typing 0.5 meant) or that its rules could never reach (`countedParams`): refused when settings are saved,
 * not when stored ones are read (detection keeps running on settings saved before this check; such a rule keeps
 * behaving as it did).
 */
export function countProblems(settings: TenantDetectionSettings): string[] {
  const problems: string[] = [];
  for (const override of settings.overrides) {
    const defaults = DEFAULT_RULES.find((rule) => rule.id === override.ruleId);
    for (const [key, value] of Object.entries(override.params ?? {})) {
      const most = defaults?.countedParams?.[key];
      if (most === undefined) continue;
      if (!Number.isInteger(value)) {
        problems.push(`${override.ruleId}: parameter "${key}" counts events: ${value} is not a whole number`);
      } else if (value > most) {
        problems.push(
          `${override.ruleId}: parameter "${key}" counts events of one read, which holds at most ${most}: ${value} could never be reached`,
        );
      }
    }
  }
  return problems;
}

/** A rule parameter as an admin sends it: one entry of a list, which may name a parameter twice. */
export interface NamedParameter {
  readonly name: string;
  readonly value: number;
}

/** The parameters of one override by name, and a problem for every name given more than once (which should win?). */
export function parametersByName(
  ruleId: string,
  parameters: readonly NamedParameter[],
): { params: Record<string, number>; problems: string[] } {
  // A Map, then own properties: a name like "__proto__" stays a (refused) parameter, not a prototype.
  const byName = new Map<string, number>();
  const problems: string[] = [];
  for (const { name, value } of parameters) {
    if (byName.has(name)) problems.push(`${ruleId}: parameter "${name}" is given twice`);
    byName.set(name, value);
  }
  return { params: Object.fromEntries(byName), problems };
}

/** Defaults merged with a tenant's overrides; throws with every problem listed when they are invalid. */
export function resolveTenantRules(settings: TenantDetectionSettings): TenantRuleSet {
  const problems = validateDetectionSettings(settings);
  if (problems.length > 0) throw new InvalidRuleOverrideError(problems);
  const rules = new Map<RuleId, ResolvedRule>();
  for (const defaults of DEFAULT_RULES) {
    const override = settings.overrides.find((candidate) => candidate.ruleId === defaults.id);
    const ruleIpAllowlist = [...(override?.ipAllowlist ?? [])];
    rules.set(defaults.id, {
      allowlist: new IpAllowlist([...(defaults.usesIpAllowlist ? settings.ipAllowlist : []), ...ruleIpAllowlist]),
      ruleIpAllowlist,
      ...defaults,
      enabled: override?.enabled ?? defaults.enabled,
      mode: override?.mode ?? defaults.mode,
      severity: override?.severity ?? defaults.severity,
      params: { ...defaults.params, ...override?.params },
      lists: { ...defaults.lists, ...override?.lists },
      suppressionMinutes: override?.suppressionMinutes ?? defaults.suppressionMinutes,
    });
  }
  return {
    tenantId: settings.tenantId,
    rules,
    allowlist: new IpAllowlist(settings.ipAllowlist),
    latenessMinutes: settings.latenessMinutes ?? DEFAULT_LATENESS_MINUTES,
  };
}

function allowlistProblems(entries: readonly string[], label: string): string[] {
  const problems: string[] = [];
  if (entries.length > MAX_ALLOWLIST_ENTRIES) problems.push(`${label} has more than ${MAX_ALLOWLIST_ENTRIES} entries`);
  for (const entry of entries) {
    try {
      new IpAllowlist([entry]);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

export function defaultDetectionSettings(tenantId: string): TenantDetectionSettings {
  return { tenantId, ipAllowlist: [], overrides: [] };
}

/** Drops absent fields: stored as they are, they would come back as nulls and read as invalid values. */
export function compactOverride(override: RuleOverride): RuleOverride {
  return Object.fromEntries(
    Object.entries(override).filter(([, value]) => value !== undefined && value !== null),
  ) as unknown as RuleOverride;
}
