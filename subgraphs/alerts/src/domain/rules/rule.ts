import type { DetectionEvent, EventKind } from '../detection-event.js';
import type { DetectionHistory } from '../detection-history.js';
import type { RuleFinding } from '../finding.js';
import type { IpAllowlist } from '../ip-allowlist.js';
import type { RuleId, RuleMode } from '../rule-catalog.js';
import type { Severity } from '../severity.js';

/** Where a rule's defaults come from: a vendor's documented behaviour, a technique in ATT&CK, a guideline. */
export interface RuleSource {
  readonly title: string;
  /** https only. */
  readonly url: string;
}

/**
 * A rule as data (in the manner of Elastic's detection-rules): defaults taken from what identity providers
 * document; a tenant overrides thresholds, windows, severity, enabled and mode. Windows are in minutes so
 * that tenant admins can read and tune them.
 */
export interface DetectionRuleDefinition {
  readonly id: RuleId;
  readonly name: string;
  readonly description: string;
  /** What the defaults are based on (shown to tenant admins with the rule). */
  readonly sources: readonly RuleSource[];
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly mode: RuleMode;
  /** Thresholds and windows; a tenant may override any of these keys and no others. */
  readonly params: Readonly<Record<string, number>>;
  /**
   * The parameters that count events of one read, each with the most that read holds: a larger value could never be
   * reached and the rule would never fire, so a tenant cannot set one (the read's cap is what bounds it).
   */
  readonly countedParams?: Readonly<Record<string, number>>;
  /** Name lists a tenant may override (e.g. which OAuth scopes count as broad). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** A second finding for the same rule and key within this window joins the open alert. */
  readonly suppressionMinutes: number;
  /** Events whose kind is here make the rule run. */
  readonly triggers: readonly EventKind[];
  /**
   * Whether the tenant-wide allowlist (office NAT, VPN egress) applies. Only the rules that count across
   * accounts use it: an office NAT must not look like a spray, but one attacker behind that NAT hammering
   * one account is still brute force. Each rule also takes its own allowlist from the tenant's override.
   */
  readonly usesIpAllowlist: boolean;
}

/** A rule as it applies to one tenant: the defaults merged with the tenant's override. */
export interface ResolvedRule extends DetectionRuleDefinition {
  /** What this rule ignores: the tenant list (when the rule uses it) plus the rule's own entries. */
  readonly allowlist: IpAllowlist;
  /** The rule's own entries, as the tenant admin set them. */
  readonly ruleIpAllowlist: readonly string[];
}

export interface EvaluationContext {
  readonly rule: ResolvedRule;
  readonly history: DetectionHistory;
  /** The rule's allowlist (tenant-wide entries when the rule uses them, plus the rule's own). */
  readonly allowlist: IpAllowlist;
  /** How far after an event, in event time, later events may be re-judged because of it (the tenant's lateness bound). */
  readonly latenessMinutes: number;
}

/**
 * One event of an example, as data: `minute` after a fixed base time; the rest defaults to a customer event
 * on account `acc-1` of tenant `demo` (see examples.ts).
 */
export interface ExampleEvent {
  readonly minute: number;
  readonly type: string;
  readonly accountId?: string;
  readonly category?: string;
  readonly outcome?: 'SUCCESS' | 'FAILURE' | 'UNKNOWN';
  readonly ip?: string;
  readonly deviceId?: string;
  readonly geo?: { readonly country?: string; readonly lat?: number; readonly lon?: number };
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** With the default settings: `fires` raises the rule (in any arrival order); `quiet` never does. */
export interface RuleExamples {
  readonly fires: readonly ExampleEvent[];
  readonly quiet: readonly ExampleEvent[];
}

/**
 * One detection rule, whole: its definition (data a tenant tunes, sources included), examples that pin its
 * behaviour, and its evaluator. Rules judge by event time, whatever order events arrive in: a window rule
 * looks at every window that contains the event (not only the one ending at it), and a baseline rule
 * re-judges the later events the newcomer belongs to the baseline of, so it may return several findings.
 */
export interface DetectionRule {
  readonly definition: DetectionRuleDefinition;
  readonly examples: RuleExamples;
  /** Given the event (already recorded) and history: does the rule fire? */
  evaluate(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | readonly RuleFinding[] | null>;
}
