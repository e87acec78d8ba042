import type { DetectionEvent, EventKind } from './detection-event.js';
import type { HistoryQuery } from './detection-history.js';
import { byEventTime } from './rules/window-helpers.js';

/**
 * Every stored event of one window key (tenant, kind, account or IP) from `from` on, oldest first by time then
 * event id — the order the store answers in.
 */
export interface WindowEntry {
  /** Event time (ms) from which the entry holds every event of its key. */
  from: number;
  readonly events: DetectionEvent[];
}

/** Which values an entry is keyed by: `a` per account, `i` per IP. */
export type EntryKeyType = 'a' | 'i';

/** One window entry's key: kind, key type and the account id or IP (`keyValueOf` reads the value back). */
export function entryKey(kind: EventKind, keyType: EntryKeyType, value: string): string {
  return `${kind}|${keyType}|${value}`;
}

/** The key of a query's window entries: kind and key type; one per account or IP of the query. */
export function entryKeysOf(query: HistoryQuery): string[] | undefined {
  const kind = query.kind;
  if (query.accountId !== undefined) return [entryKey(kind, 'a', query.accountId)];
  if (query.accountIds !== undefined) return [...new Set(query.accountIds)].map((id) => entryKey(kind, 'a', id));
  if (query.ip !== undefined) return [entryKey(kind, 'i', query.ip)];
  if (query.ips !== undefined) return [...new Set(query.ips)].map((ip) => entryKey(kind, 'i', ip));
  return undefined;
}

/** The entry keys an event belongs to: per kind, its account and (when it has one) its IP. */
export function entryKeysOfEvent(event: DetectionEvent): string[] {
  return event.kinds.flatMap((kind) =>
    event.ip === undefined
      ? [entryKey(kind, 'a', event.accountId)]
      : [entryKey(kind, 'a', event.accountId), entryKey(kind, 'i', event.ip)],
  );
}

/** The key value (account id or IP) of an entry key. */
export function keyValueOf(entryKey: string): string {
  return entryKey.slice(entryKey.indexOf('|', entryKey.indexOf('|') + 1) + 1);
}

/** Adds an event in order; an event already held (same time and id: a redelivery) is not added twice. */
export function insertInOrder(entry: WindowEntry, event: DetectionEvent): boolean {
  const events = entry.events;
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byEventTime(events[middle] as DetectionEvent, event) < 0) low = middle + 1;
    else high = middle;
  }
  if (low < events.length && (events[low] as DetectionEvent).eventId === event.eventId) return false;
  events.splice(low, 0, event);
  return true;
}

/** Index of the first event at or after `time`. */
function firstAtOrAfter(events: readonly DetectionEvent[], time: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((events[middle] as DetectionEvent).occurredAt.getTime() < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Drops the events before `time` (retention purge); returns how many were dropped. */
export function dropBefore(entry: WindowEntry, time: number): number {
  const dropped = firstAtOrAfter(entry.events, time);
  entry.events.splice(0, dropped);
  return dropped;
}

/**
 * What the store answers for `query` when `entries` hold every event of its keys over its range: the events in
 * range matching its IP (per-account reads) and case, oldest first, the newest `limit` kept. The range is found by
 * binary search and, with a limit, each entry is walked from its newest event back only until it gave `limit`
 * matches (the newest `limit` overall are among them): a flood's key holding far more than the limit costs the
 * limit, not the flood.
 */
export function answerFromEntries(query: HistoryQuery, entries: readonly WindowEntry[]): DetectionEvent[] {
  const since = query.since.getTime();
  const until = query.until.getTime();
  const ip = query.accountId !== undefined ? query.ip : undefined;
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const matches = (event: DetectionEvent) =>
    (ip === undefined || event.ip === ip) && (query.caseId === undefined || event.caseId === query.caseId);
  const matching: DetectionEvent[] = [];
  for (const entry of entries) {
    const events = entry.events;
    const from = firstAtOrAfter(events, since);
    const newestFirst: DetectionEvent[] = [];
    for (let index = firstAtOrAfter(events, until + 1) - 1; index >= from && newestFirst.length < limit; index -= 1) {
      const event = events[index] as DetectionEvent;
      if (matches(event)) newestFirst.push(event);
    }
    for (let index = newestFirst.length - 1; index >= 0; index -= 1) matching.push(newestFirst[index] as DetectionEvent);
  }
  if (entries.length > 1) matching.sort(byEventTime);
  return matching.length > limit ? matching.slice(-limit) : matching;
}
