import type { DetectionEvent, EventKind } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import type { EvaluationContext } from './rule.js';
import { eventCount, type WindowTally } from './window-tallies.js';

/* Helpers shared by the rule evaluators: parameters, event-time windows, evidence bounds. */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/**
 * Bounds one window read: a flood beyond this is still detected (the threshold is far lower), just not listed whole.
 * A count a rule compares with such a read can be at most this (`countedParams`).
 */
export const MAX_WINDOW_EVENTS = 5_000;

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

function inEventTimeOrder(events: readonly DetectionEvent[]): boolean {
  for (let index = 1; index < events.length; index += 1) if (byEventTime(events[index - 1]!, events[index]!) > 0) return false;
  return true;
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

/**
 * The windows of `windowMinutes` containing the event that satisfy the tally, merged. The windows considered end at
 * each distinct event time from the event's own to `windowMinutes` after it (a satisfied window can always be slid to
 * end at its newest event, so these are all the windows that matter), each holding the events of the
 * `windowMinutes` up to its end; events arriving newest first, or split across batches, are thus judged as if they
 * had arrived in order. One sweep (ADR 117): the window slides over the key's events oldest first, each event
 * entering and leaving the tally once, so a flood of N events costs N, not N × the window.
 */
export function satisfiedWindowsAround(
  event: DetectionEvent,
  events: readonly DetectionEvent[],
  windowMinutes: number,
  tally: WindowTally,
): SatisfiedWindows | null {
  // Reads answer oldest first already: then the events are swept as given, with no copy of a flood's window.
  const sorted = inEventTimeOrder(events) ? events : [...events].sort(byEventTime);
  const span = windowMinutes * MINUTE_MS;
  const at = event.occurredAt.getTime();
  let start = 0;
  let firedAt: Date | undefined;
  let largest: { readonly start: number; readonly index: number; readonly size: number } | undefined;
  /** The satisfied windows' events as merged ranges of `sorted` (both ends only move forward). */
  const ranges: { from: number; to: number }[] = [];
  const triggers: string[] = [];
  for (let index = 0; index < sorted.length; index += 1) {
    const last = sorted[index] as DetectionEvent;
    tally.add(last);
    const end = last.occurredAt.getTime();
    for (; (sorted[start] as DetectionEvent).occurredAt.getTime() < end - span; start += 1) tally.remove(sorted[start]!);
    const next = sorted[index + 1];
    if (end < at || end > at + span || (next !== undefined && next.occurredAt.getTime() === end)) continue;
    if (!tally.satisfied()) continue;
    firedAt ??= new Date(end);
    const size = tally.size();
    if (largest === undefined || size > largest.size) largest = { start, index, size };
    const previous = ranges.at(-1);
    if (previous !== undefined && start <= previous.to + 1) previous.to = index;
    else ranges.push({ from: start, to: index });
    if (triggers.length < MAX_TRIGGERS) triggers.push(last.eventId);
  }
  if (firedAt === undefined || largest === undefined) return null;
  // The merged ranges are disjoint and in order, so their events are already oldest first: one pass, no sort. The
  // same event listed twice sits next to itself (ties go by id); its last copy is kept.
  const union: DetectionEvent[] = [];
  for (const { from, to } of ranges) {
    for (let i = from; i <= to; i += 1) {
      const candidate = sorted[i]!;
      if (union.at(-1)?.eventId === candidate.eventId) union[union.length - 1] = candidate;
      else union.push(candidate);
    }
  }
  const closing = sorted[largest.index] as DetectionEvent;
  return {
    firedAt,
    largest: {
      end: new Date(closing.occurredAt.getTime()),
      last: closing,
      events: sorted.slice(largest.start, largest.index + 1),
    },
    union,
    triggers,
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
  return satisfiedWindowsAround(event, events, windowMinutes, eventCount(threshold));
}
