import type { DetectionEvent } from './detection-event.js';
import type {
  AccountsAlertQuery,
  AccountsAlertRef,
  DetectionHistory,
  HistoryQuery,
  RecentAlertQuery,
  RecentAlertRef,
} from './detection-history.js';
import { GroupedAlertReads } from './grouped-alert-reads.js';
import { GroupedWindowReads } from './grouped-window-reads.js';
import { timed, within, type TimedEvents } from './timed-events.js';

interface Fetched {
  readonly since: number;
  readonly until: number;
  readonly limit: number | undefined;
  readonly events: Promise<TimedEvents>;
}

/**
 * The history as the events of one batch see it (ADR 102). Every event of a batch is recorded before any is
 * judged and the evaluators only read, so the rule state cannot change while the batch is judged: a window read
 * for one event (widened by the batch's event-time spread) answers the same read for every other event of the
 * batch, filtered in memory. Ten failed logins of one call then cost one read per rule key instead of ten.
 *
 * The first read of each key goes through `GroupedWindowReads`: the reads of all the batch's keys of one kind are
 * one store read (ADR 107). A read cut by its limit is not complete for a narrower range, so then the narrower read
 * goes to the store. The success-after-attack alert lookups are grouped the same way (`GroupedAlertReads`, ADR 115).
 * Writes (`record`, the watermark) pass straight through.
 */
export class BatchHistoryView implements DetectionHistory {
  private readonly fetched = new Map<string, Fetched[]>();
  private readonly grouped: GroupedWindowReads;
  private readonly alerts: GroupedAlertReads;

  constructor(
    private readonly history: DetectionHistory,
    /** Newest minus oldest event time of the batch (ms): how far every read is widened either side. */
    private readonly spreadMs: number,
  ) {
    this.grouped = new GroupedWindowReads(history);
    this.alerts = new GroupedAlertReads(history);
  }

  record(events: readonly DetectionEvent[]): Promise<void> {
    return this.history.record(events);
  }

  advanceWatermark(tenantId: string, occurredAt: Date): Promise<Date> {
    return this.history.advanceWatermark(tenantId, occurredAt);
  }

  /** The page's success-after-attack reads, one store read per turn (`GroupedAlertReads`). */
  recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    return this.alerts.recentAlerts(query);
  }

  recentAlertsOfAccounts(query: AccountsAlertQuery): Promise<AccountsAlertRef[]> {
    return this.history.recentAlertsOfAccounts(query);
  }

  async events(query: HistoryQuery): Promise<DetectionEvent[]> {
    const since = query.since.getTime();
    const until = query.until.getTime();
    const key = keyOf(query);
    const list = this.fetched.get(key) ?? [];
    this.fetched.set(key, list);
    let covering = list.find((entry) => entry.since <= since && entry.until >= until);
    if (covering === undefined) {
      const widened = { ...query, since: new Date(since - this.spreadMs), until: new Date(until + this.spreadMs) };
      covering = {
        since: widened.since.getTime(),
        until: widened.until.getTime(),
        limit: query.limit,
        events: this.grouped.events(widened).then(timed),
      };
      list.push(covering);
    }
    const all = await covering.events;
    // The store kept only the newest `limit` of the wider range: older events of this range may be missing.
    if (covering.limit !== undefined && all.events.length >= covering.limit) return this.history.events(query);
    const inRange = within(all, since, until);
    return query.limit === undefined ? inRange : inRange.slice(-query.limit);
  }
}

/** Everything of a query but its time range and limit: reads with the same key differ only in those. */
function keyOf(query: HistoryQuery): string {
  return JSON.stringify([query.tenantId, query.kind, query.accountId, query.accountIds, query.ip, query.caseId]);
}
