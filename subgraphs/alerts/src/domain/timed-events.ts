import type { DetectionEvent } from './detection-event.js';

/**
 * A window read's answer kept for the batch's other reads of the same key (ADR 102), with its event times taken
 * once. Each event of a batch asks it for its own range: filtering the whole answer per event made a key with N
 * events in its window cost N for each of the batch's events on it (a flood's 5,000 per event); reads answer oldest
 * first, so two binary searches find the range instead (ADR 163).
 */
export interface TimedEvents {
  readonly events: readonly DetectionEvent[];
  /** The events' times (ms), or undefined when the answer was not oldest first (then each range is filtered). */
  readonly times: Float64Array | undefined;
}

export function timed(events: readonly DetectionEvent[]): TimedEvents {
  const times = new Float64Array(events.length);
  for (let index = 0; index < events.length; index += 1) {
    times[index] = events[index]!.occurredAt.getTime();
    if (index > 0 && times[index]! < times[index - 1]!) return { events, times: undefined };
  }
  return { events, times };
}

/** The events with a time in [since, until] (ms, inclusive), in the answer's order: what filtering it keeps. */
export function within(answer: TimedEvents, since: number, until: number): DetectionEvent[] {
  const { events, times } = answer;
  if (times === undefined)
    return events.filter((event) => event.occurredAt.getTime() >= since && event.occurredAt.getTime() <= until);
  return events.slice(firstAtOrAfter(times, since), firstAtOrAfter(times, until + 1));
}

/** Index of the first time at or after `time` (times ascending); `times.length` when none is. */
function firstAtOrAfter(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
