import type { DetectionEvent, EventKind } from '../detection-event.js';
import type { DetectionHistory } from '../detection-history.js';
import type { RuleFinding } from '../finding.js';
import type { IpAllowlist } from '../ip-allowlist.js';
import type { RuleId } from '../rule-catalog.js';
import type { ResolvedRule } from '../tenant-rules.js';

export interface EvaluationContext {
  readonly rule: ResolvedRule;
  readonly history: DetectionHistory;
  readonly allowlist: IpAllowlist;
}

/** The small piece of code behind one rule: given the event (already recorded) and history, does it fire? */
export interface RuleEvaluator {
  readonly ruleId: RuleId;
  evaluate(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null>;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function param(context: EvaluationContext, name: string): number {
  const value = context.rule.params[name];
  if (value === undefined) throw new Error(`rule ${context.rule.id} has no parameter ${name}`);
  return value;
}

export function minutesBefore(date: Date, minutes: number): Date {
  return new Date(date.getTime() - minutes * MINUTE_MS);
}

export function eventsOf(
  context: EvaluationContext,
  event: DetectionEvent,
  kind: EventKind,
  windowMinutes: number,
  narrow: { accountId?: string; ip?: string; caseId?: string; limit?: number } = {},
): Promise<DetectionEvent[]> {
  return context.history.events({
    tenantId: event.tenantId,
    kind,
    since: minutesBefore(event.occurredAt, windowMinutes),
    until: event.occurredAt,
    ...narrow,
  });
}

/** Evidence is bounded so an alert document stays small; the newest events are the most telling. */
export const MAX_EVIDENCE = 50;

export function ids(events: readonly DetectionEvent[]): string[] {
  return events.slice(-MAX_EVIDENCE).map((candidate) => candidate.eventId);
}
