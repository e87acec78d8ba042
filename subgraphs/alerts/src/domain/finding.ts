import type { RuleId, RuleMode } from './rule-catalog.js';
import type { Severity } from './severity.js';

/** Why a rule fired: stored with the alert so an analyst sees the thresholds, the evidence and the numbers. */
export interface ReasonVector {
  readonly ruleId: RuleId;
  readonly ruleName: string;
  /** The thresholds and windows in force for the tenant when the rule fired. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** Computed values: counts, distance and speed, z-score, … */
  readonly values: Readonly<Record<string, number | string>>;
  /** Activity event ids that made the rule fire, oldest first. */
  readonly evidenceEventIds: readonly string[];
  /** One sentence in plain language. */
  readonly explanation: string;
}

/** What one evaluator returns when its rule fires on an event. */
export interface RuleFinding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  /** The account the alert is about, when there is one (a spray is about an IP). */
  readonly accountId?: string;
  /** Accounts touched by the finding: for "success after attack" and correlation. */
  readonly relatedAccountIds: readonly string[];
  /** Rule-specific grouping (account, IP, case, …): suppression is per rule + key + window. */
  readonly groupKey: string;
  readonly values: Readonly<Record<string, number | string>>;
  readonly evidenceEventIds: readonly string[];
  readonly explanation: string;
  /** Event time at which the rule fired (the end of the earliest satisfied window); default: the event's time. */
  readonly firedAt?: Date;
  /** The event judged, when not the one that arrived (a later event re-judged against a grown baseline). */
  readonly triggerEventId?: string;
  /** Window rules: the events closing each satisfied window (the first is the trigger). */
  readonly triggerEventIds?: readonly string[];
  /**
   * The finding's main number (failed logins, sprayed accounts, …): a joining detection with a larger one
   * updates the open alert's numbers and explanation; the largest wins, whatever the arrival order.
   */
  readonly magnitude?: number;
}

/** A finding after the engine applied the tenant's rule settings. */
export interface Detection {
  readonly tenantId: string;
  readonly ruleId: RuleId;
  readonly mode: RuleMode;
  readonly severity: Severity;
  readonly accountId?: string;
  readonly relatedAccountIds: readonly string[];
  readonly groupKey: string;
  /** tenant + rule + groupKey: suppression and deduplication key. */
  readonly suppressionKey: string;
  readonly suppressionMinutes: number;
  /** Event time at which the rule fired. */
  readonly detectedAt: Date;
  readonly triggerEventId: string;
  /** Every event at which the rule fired in this detection (occurrences); starts with `triggerEventId`. */
  readonly triggerEventIds: readonly string[];
  /** See RuleFinding.magnitude (1 when the rule has no count). */
  readonly magnitude: number;
  readonly reasons: ReasonVector;
}
