import type { DetectionEvent, EventKind } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import type { EvaluationContext } from './rule.js';

/* Helpers shared by the rule evaluators: parameters, event-time windows, evidence bounds. */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** Bounds one window read: a flood beyond this is still detected (the threshold is far lower), just not listed whole. */
const MAX_WINDOW_EVENTS = 5_000;

export function param(context: EvaluationContext, name: string): number {
  const value = context.rule.params[name];
  if (value === undefined) throw new Error(`rule ${context.rule.id} has no parameter ${name}`);
  return value;
}

export function minutesBefore(date: Date, minutes: number): Date {
  return new Date(date.getTime() - minutes * MINUTE_MS);
}

export function minutesAfter(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * MINUTE_MS);
}

export interface Narrowing {
  readonly accountId?: string;
  readonly ip?: string;
  readonly caseId?: string;
  readonly limit?: number;
}

/** Events of one kind from `beforeMinutes` before the event to `afterMinutes` after it (inclusive), oldest first. */
function eventsNear(
  context: EvaluationContext,
  event: DetectionEvent,
  kind: EventKind,
  span: { readonly beforeMinutes: number; readonly afterMinutes: number },
  narrow: Narrowing,
): Promise<DetectionEvent[]> {
  return context.history.events({
    tenantId: event.tenantId,
    kind,
    since: minutesBefore(event.occurredAt, span.beforeMinutes),
    until: minutesAfter(event.occurredAt, span.afterMinutes),
    ...narrow,
  });
}

/** The event's account's events of one kind in [since, until] (inclusive), oldest first, at most `limit`. */
export function accountEvents(
  context: EvaluationContext,
  event: DetectionEvent,
  kind: EventKind,
  range: { readonly since: Date; readonly until: Date },
  limit: number,
): Promise<DetectionEvent[]> {
  return context.history.events({ tenantId: event.tenantId, kind, accountId: event.accountId, ...range, limit });
}

/** Reads the events of one kind in a window of `windowMinutes` placed by the event, narrowed; oldest first. */
export type WindowRead = (
  context: EvaluationContext,
  event: DetectionEvent,
  kind: EventKind,
  windowMinutes: number,
  narrow?: Narrowing,
) => Promise<DetectionEvent[]>;

/** Events of one kind in the `windowMinutes` before the event (inclusive), oldest first. */
export const eventsOf: WindowRead = (context, event, kind, windowMinutes, narrow = {}) =>
  eventsNear(context, event, kind, { beforeMinutes: windowMinutes, afterMinutes: 0 }, narrow);

/** Events of one kind that can share a window of `windowMinutes` with the event: `windowMinutes` either side. */
export const eventsAround: WindowRead = (context, event, kind, windowMinutes, narrow = {}) =>
  eventsNear(
    context,
    event,
    kind,
    { beforeMinutes: windowMinutes, afterMinutes: windowMinutes },
    { limit: MAX_WINDOW_EVENTS, ...narrow },
  );

/** A window of event time and the events in it, oldest first. */
export interface EventWindow {
  readonly end: Date;
  /** The newest event of the window: the event at which, in event time, the window closes. */
  readonly last: DetectionEvent;
  readonly events: readonly DetectionEvent[];
}

/** Oldest first; ties by id, so every arrival order sees the same sequence. */
export function byEventTime(a: DetectionEvent, b: DetectionEvent): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * Every window of `windowMinutes` that contains the event, one per distinct event time from the event's
 * own to `windowMinutes` after it (a satisfied window can always be slid to end at its newest event, so
 * these are all the windows that matter). Events arriving newest first, or split across batches, are
 * thus judged as if they had arrived in order.
 */
export function windowsContaining(
  event: DetectionEvent,
  events: readonly DetectionEvent[],
  windowMinutes: number,
): EventWindow[] {
  const sorted = [...events].sort(byEventTime);
  const span = windowMinutes * MINUTE_MS;
  const at = event.occurredAt.getTime();
  const windows: EventWindow[] = [];
  let start = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    const end = (sorted[index] as DetectionEvent).occurredAt.getTime();
    const next = sorted[index + 1];
    if (end < at || end > at + span || (next !== undefined && next.occurredAt.getTime() === end)) continue;
    while ((sorted[start] as DetectionEvent).occurredAt.getTime() < end - span) start += 1;
    windows.push({ end: new Date(end), last: sorted[index] as DetectionEvent, events: sorted.slice(start, index + 1) });
  }
  return windows;
}

/** The satisfied windows containing the event, merged: evidence is their union, the numbers come from the largest. */
export interface SatisfiedWindows {
  /** The earliest satisfied window's end: when, in event time, the rule fired. */
  readonly firedAt: Date;
  readonly largest: EventWindow;
  readonly union: readonly DetectionEvent[];
  /**
   * The events closing each satisfied window: the events at which, in event time, the rule fires. They are
   * the alert's occurrences, the same set whatever the arrival order (a redelivery adds nothing).
   */
  readonly triggers: readonly string[];
}

export function satisfiedWindows(
  windows: readonly EventWindow[],
  satisfied: (window: EventWindow) => boolean,
  size: (window: EventWindow) => number = (window) => window.events.length,
): SatisfiedWindows | null {
  const hits = windows.filter(satisfied);
  const first = hits[0];
  if (first === undefined) return null;
  const largest = hits.reduce((best, window) => (size(window) > size(best) ? window : best), first);
  const union = new Map<string, DetectionEvent>();
  for (const window of hits) for (const candidate of window.events) union.set(candidate.eventId, candidate);
  return {
    firedAt: first.end,
    largest,
    union: [...union.values()].sort(byEventTime),
    triggers: hits.slice(0, MAX_TRIGGERS).map((window) => window.last.eventId),
  };
}

/** Occurrences recorded per detection are bounded too (a flood shipped in reverse closes many windows at once). */
const MAX_TRIGGERS = 200;

/** Evidence is bounded so an alert document stays small; the newest events are the most telling. */
export const MAX_EVIDENCE = 50;

export function ids(events: readonly DetectionEvent[]): string[] {
  return events.slice(-MAX_EVIDENCE).map((candidate) => candidate.eventId);
}

/** Findings for several judged events: nulls dropped. */
export function findings(list: readonly (RuleFinding | null)[]): RuleFinding[] {
  return list.filter((finding): finding is RuleFinding => finding !== null);
}

/** The satisfied windows containing the event that hold at least `threshold` events (the counting rules' test). */
export function windowsReaching(
  event: DetectionEvent,
  events: readonly DetectionEvent[],
  windowMinutes: number,
  threshold: number,
): SatisfiedWindows | null {
  return satisfiedWindows(windowsContaining(event, events, windowMinutes), (window) => window.events.length >= threshold);
}
