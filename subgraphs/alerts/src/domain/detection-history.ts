import type { DetectionEvent, EventKind } from './detection-event.js';
import type { RuleId } from './rule-catalog.js';

/**
 * Events of one kind in a time range, for one account or one IP (at least one), or for several accounts or several
 * IPs; optionally one recovery case.
 */
export interface HistoryQuery {
  readonly tenantId: string;
  readonly kind: EventKind;
  /** Inclusive bounds, on the events' own time (occurredAt), so late events are judged by when they happened. */
  readonly since: Date;
  readonly until: Date;
  readonly accountId?: string;
  /** Several accounts at once (success after a spray that touched many). */
  readonly accountIds?: readonly string[];
  readonly ip?: string;
  /** Several IPs at once (the per-IP window reads of a batch, read together: ADR 107). */
  readonly ips?: readonly string[];
  readonly caseId?: string;
  /** Newest events kept when more match; results are still returned oldest first. */
  readonly limit?: number;
}

export interface RecentAlertQuery {
  readonly tenantId: string;
  /** Alerts whose related accounts include this one. */
  readonly accountId: string;
  readonly ruleIds: readonly RuleId[];
  readonly since: Date;
  readonly until: Date;
}

export interface RecentAlertRef {
  readonly alertId: string;
  readonly ruleId: RuleId;
  readonly detectedAt: Date;
}

/** An evidence event's chain position and hash, as an alert cites it (absent when its publisher gave none). */
export interface EvidenceRef {
  eventId: string;
  sequence?: number;
  hash?: string;
}

/** The ref of an event with what the history knows of it: both position and hash, or just the id. */
export function evidenceRef(eventId: string, known?: { readonly sequence?: number; readonly hash?: string }): EvidenceRef {
  return typeof known?.sequence === 'number' && typeof known.hash === 'string'
    ? { eventId, sequence: known.sequence, hash: known.hash }
    : { eventId };
}

/** Recent alerts of several accounts at once (a page's success-after-attack reads, ADR 115). */
export interface AccountsAlertQuery extends Omit<RecentAlertQuery, 'accountId'> {
  readonly accountIds: readonly string[];
}

/** An alert of an `AccountsAlertQuery`, with those of the query's accounts it relates to. */
export interface AccountsAlertRef extends RecentAlertRef {
  readonly relatedAccountIds: readonly string[];
}

/**
 * Rule state lives behind this interface, kept in MongoDB by the subgraph so that windows survive
 * restarts and every instance sees the same counts. `record` is idempotent on (tenant, eventId):
 * a redelivered event is not counted twice.
 */
export interface DetectionHistory {
  /** Stores a batch at once; events already stored (redelivered) are skipped, the others still stored. */
  record(events: readonly DetectionEvent[]): Promise<void>;
  /**
   * Moves the tenant's watermark (the newest event time seen) forward to `occurredAt` if it is newer and
   * returns the watermark. Events further behind it than the tenant's lateness bound are not judged.
   */
  advanceWatermark(tenantId: string, occurredAt: Date): Promise<Date>;
  /**
   * `record` of one tenant's page and `advanceWatermark(tenantId, occurredAt)` together, where one write can do both:
   * the window cache counts every recording in the store, and the count's write moves the watermark (ADR 162).
   * Absent, the two are called side by side.
   */
  recordWithWatermark?(tenantId: string, events: readonly DetectionEvent[], occurredAt: Date): Promise<Date>;
  events(query: HistoryQuery): Promise<DetectionEvent[]>;
  recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]>;
  /** `recentAlerts` of several accounts in one read: each alert once, with the query's accounts it relates to. */
  recentAlertsOfAccounts(query: AccountsAlertQuery): Promise<AccountsAlertRef[]>;
  /**
   * The history as the page that has just recorded the tenant's events reads its windows, when that can be cheaper
   * than reading it afresh (the window cache, ADR 154); absent, the history itself.
   */
  asOfRecording?(tenantId: string): DetectionHistory;
}
