import type { DetectionEvent } from './detection-event.js';
import type { DetectionHistory, HistoryQuery } from './detection-history.js';
import { TurnGroups, type Pending as TurnPending } from './turn-groups.js';

/**
 * Most events one grouped read returns. A page's windows are minutes to days of a few hundred keys, far fewer
 * events than this; a flood on one key can exceed it, and then `answerFrom` decides which queries it still answers.
 */
export const GROUPED_READ_CAP = 10_000;

type Pending = TurnPending<HistoryQuery, DetectionEvent[]>;

/**
 * Window reads of one batch that differ only in their key (account or IP), their time range and limit, read
 * together (ADR 107): the reads issued in the same turn of the event loop are queued, and on the next turn each
 * group (tenant, kind, per account or per IP) becomes one store read with `$in` over its keys and the union of
 * their ranges, cut at `cap` events. Each query then gets from it, in memory, exactly what its own read returns:
 * its key, range, IP and case, oldest first, the newest `limit` kept. A group of one query is that query's own read.
 *
 * The grouped read keeps the newest `cap` events: when it is cut, it holds every matching event newer than its
 * oldest one and nothing is known below that. A query whose answer lies wholly above the cut is still answered;
 * any other goes to the store on its own, as before this class existed.
 */
export class GroupedWindowReads {
  private readonly turns = new TurnGroups<HistoryQuery, DetectionEvent[]>((group) => this.read(group));

  constructor(
    private readonly history: Pick<DetectionHistory, 'events'>,
    private readonly cap = GROUPED_READ_CAP,
  ) {}

  /** What `history.events(query)` returns. */
  events(query: HistoryQuery): Promise<DetectionEvent[]> {
    const group = groupOf(query);
    return group === undefined ? this.history.events(query) : this.turns.add(group, query);
  }

  private async read(group: readonly Pending[]): Promise<void> {
    if (group.length === 1) {
      const only = group[0] as Pending;
      this.history.events(only.query).then(only.resolve, only.reject);
      return;
    }
    const read = groupRead(await this.history.events(groupQuery(group, this.cap)), group[0]!.query, this.cap);
    for (const pending of group) {
      const answer = answerFrom(read, pending.query);
      if (answer !== undefined) pending.resolve(answer);
      else this.history.events(pending.query).then(pending.resolve, pending.reject);
    }
  }
}

/** Reads that can share a grouped read: same tenant, kind and key type. Any other read goes to the store alone. */
function groupOf(query: HistoryQuery): string | undefined {
  if (query.accountIds !== undefined || query.ips !== undefined) return undefined;
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit > 0)) return undefined;
  if (query.accountId !== undefined) return JSON.stringify([query.tenantId, query.kind, 'account']);
  if (query.ip !== undefined) return JSON.stringify([query.tenantId, query.kind, 'ip']);
  return undefined;
}

/** One read over every key of the group and the union of their ranges; IP and case are narrowed in memory. */
function groupQuery(group: readonly Pending[], cap: number): HistoryQuery {
  const queries = group.map((pending) => pending.query);
  const first = queries[0] as HistoryQuery;
  const since = Math.min(...queries.map((query) => query.since.getTime()));
  const until = Math.max(...queries.map((query) => query.until.getTime()));
  const range = { tenantId: first.tenantId, kind: first.kind, since: new Date(since), until: new Date(until), limit: cap };
  return first.accountId !== undefined
    ? { ...range, accountIds: [...new Set(queries.map((query) => query.accountId as string))] }
    : { ...range, ips: [...new Set(queries.map((query) => query.ip as string))] };
}

interface GroupRead {
  /** The events by key (account or IP), oldest first as the store returned them. */
  readonly byKey: Map<string, DetectionEvent[]>;
  /** Set when the read was cut by the cap: the time of its oldest event; only newer events are known complete. */
  readonly cutAt: number | undefined;
}

function groupRead(events: readonly DetectionEvent[], sample: HistoryQuery, cap: number): GroupRead {
  const perAccount = sample.accountId !== undefined;
  const byKey = new Map<string, DetectionEvent[]>();
  for (const event of events) {
    const key = perAccount ? event.accountId : event.ip;
    if (key === undefined) continue;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [event]);
    else list.push(event);
  }
  return { byKey, cutAt: events.length >= cap ? events[0]?.occurredAt.getTime() : undefined };
}

/** The query's own answer from the grouped read, or undefined when the cut may have dropped part of it. */
function answerFrom(read: GroupRead, query: HistoryQuery): DetectionEvent[] | undefined {
  const since = query.since.getTime();
  const until = query.until.getTime();
  const candidates = read.byKey.get((query.accountId ?? query.ip) as string) ?? [];
  const matching = candidates.filter((event) => {
    const at = event.occurredAt.getTime();
    return (
      at >= since &&
      at <= until &&
      event.tenantId === query.tenantId &&
      event.kinds.includes(query.kind) &&
      (query.ip === undefined || event.ip === query.ip) &&
      (query.caseId === undefined || event.caseId === query.caseId)
    );
  });
  const { cutAt } = read;
  // Not cut, or the whole range newer than the cut: every matching event is here.
  if (cutAt === undefined || since > cutAt) return newest(matching, query.limit);
  // Cut: the events newer than the cut are all here, so the newest `limit` are known when at least `limit` of them match.
  const newer = matching.filter((event) => event.occurredAt.getTime() > cutAt);
  if (query.limit !== undefined && newer.length >= query.limit) return newest(newer, query.limit);
  return undefined;
}

function newest(events: DetectionEvent[], limit: number | undefined): DetectionEvent[] {
  return limit === undefined ? events : events.slice(-limit);
}
