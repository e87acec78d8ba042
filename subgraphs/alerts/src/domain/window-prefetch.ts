import type { DetectionEvent, EventKind } from './detection-event.js';
import type { HistoryQuery } from './detection-history.js';
import type { HeldWindows } from './held-windows.js';
import { entryKey, type EntryKeyType, type WindowEntry } from './window-entries.js';

/** Later than any event time (the store's largest date): a key is loaded from its start onwards. */
export const END_OF_TIME = new Date(8_640_000_000_000_000);

/** A load is one store read; past this many events its keys are not kept (the query goes to the store as is). */
export const LOAD_CAP = 20_000;

/** One store read a page starts beside its own insert: the keys of one kind and key type it does not hold yet. */
export interface PrefetchRead {
  /** The entry keys read, in the order of the query's accounts or IPs. */
  readonly keys: readonly string[];
  readonly query: HistoryQuery;
}

/**
 * How far back of a page's oldest event the rules' window reads of a tenant's pages reach, per kind and key type,
 * learnt from the reads those pages made (ADR 157). A page recording events of keys the cache does not hold starts
 * their loads beside its own insert, from that far back, instead of after its recording count. Only a guess: a read
 * reaching further back than what was loaded finds the entry short (`from` after its start) and loads it after the
 * count, as before; a kind and key type no page has read is not loaded ahead.
 */
export class WindowSpans {
  /** `tenant \0 kind|a|` or `…|i|` → the furthest a page's read reached back of its oldest event (ms). */
  private readonly reaches = new Map<string, number>();
  /** Per tenant, the oldest event time of the page it recorded last: the page whose reads `learn` is given. */
  private readonly pageOldest = new Map<string, number>();

  /** A page's window read (per account or per IP), made as of its own recording: how far back it reached. */
  learn(query: HistoryQuery): void {
    const perAccount = query.accountId !== undefined || query.accountIds !== undefined;
    const oldest = this.pageOldest.get(query.tenantId);
    if (oldest === undefined || (!perAccount && query.ip === undefined && query.ips === undefined)) return;
    const reach = Math.max(0, oldest - query.since.getTime());
    const id = spanId(query.tenantId, query.kind, perAccount ? 'a' : 'i');
    if (Number.isFinite(reach) && reach > (this.reaches.get(id) ?? -1)) this.reaches.set(id, reach);
  }

  /**
   * The loads of a tenant's page about to be recorded: per kind and key type a page has read before, the page's keys
   * that `heldFrom` does not hold from the page's oldest event minus that reach (and minus the page's own spread, by
   * which its reads are widened, ADR 102).
   */
  plan(tenantId: string, events: readonly DetectionEvent[], heldFrom: (key: string) => number | undefined): PrefetchRead[] {
    if (events.length === 0) return [];
    const times = events.map((event) => event.occurredAt.getTime());
    const oldest = Math.min(...times);
    const spread = Math.max(...times) - oldest;
    this.pageOldest.set(tenantId, oldest);
    const groups = new Map<string, { kind: EventKind; perAccount: boolean; from: number; values: Set<string> }>();
    for (const event of events) {
      for (const kind of event.kinds) {
        for (const [keyType, value] of [
          ['a', event.accountId],
          ['i', event.ip],
        ] as const) {
          if (value === undefined) continue;
          const reach = this.reaches.get(spanId(tenantId, kind, keyType));
          if (reach === undefined) continue;
          const from = oldest - reach - spread;
          const held = heldFrom(entryKey(kind, keyType, value));
          if (held !== undefined && held <= from) continue;
          const groupId = `${kind}|${keyType}`;
          const group = groups.get(groupId) ?? { kind, perAccount: keyType === 'a', from, values: new Set<string>() };
          group.values.add(value);
          groups.set(groupId, group);
        }
      }
    }
    return [...groups.values()].map(({ kind, perAccount, from, values }) => {
      const ids = [...values];
      return {
        keys: ids.map((value) => entryKey(kind, perAccount ? 'a' : 'i', value)),
        query: loadQueryOf({ tenantId, kind, since: new Date(from) }, perAccount, ids),
      };
    });
  }
}

/** The load of a query's keys (their account ids or IPs): one store read, each key from the query's start on. */
export function loadQueryOf(
  query: Pick<HistoryQuery, 'tenantId' | 'kind' | 'since'>,
  perAccount: boolean,
  values: readonly string[],
): HistoryQuery {
  const range = { tenantId: query.tenantId, kind: query.kind, since: query.since, until: END_OF_TIME, limit: LOAD_CAP };
  return perAccount ? { ...range, accountIds: values } : { ...range, ips: values };
}

/** A page's loads in flight: `answered` is set once they all came back (never, when one failed). */
export interface PrefetchInFlight<State> {
  readonly answered: Prefetched<State> | undefined;
}

/**
 * Sends a page's loads. The page does not wait for them: when the count comes back before their answers (or one
 * failed), its reads load their keys after the count, as before, and a read never hangs on a prefetch.
 */
export function startPrefetch<State>(
  state: State,
  generation: number,
  reads: readonly PrefetchRead[],
  events: (query: HistoryQuery) => Promise<DetectionEvent[]>,
): PrefetchInFlight<State> {
  const inFlight: { answered: Prefetched<State> | undefined } = { answered: undefined };
  Promise.all(reads.map((read) => events(read.query))).then(
    (answers) => void (inFlight.answered = { state, generation, reads, answers }),
    () => undefined,
  );
  return inFlight;
}

/** The loads a page started beside its own insert, as of the tenant's state (and its generation) when they were sent. */
export interface Prefetched<State> {
  readonly state: State;
  readonly generation: number;
  readonly reads: readonly PrefetchRead[];
  readonly answers: readonly DetectionEvent[][];
}

/**
 * Holds the prefetched entries (once the count confirmed them), unless a read was cut by the cap or the key is held
 * from as far back already; `remember` indexes their events for the evidence lookup.
 */
export function holdPrefetched<State>(
  held: HeldWindows,
  tenantId: string,
  prefetched: Prefetched<State>,
  remember: (event: DetectionEvent) => void,
): void {
  prefetched.reads.forEach((read, index) => {
    const answer = prefetched.answers[index] as DetectionEvent[];
    const entries = entriesOfLoad(read.query, read.keys, answer);
    if (entries === undefined) return;
    read.keys.forEach((key, position) => {
      const entry = entries[position] as WindowEntry;
      const before = held.use(tenantId, key);
      if (before === undefined || before.from > entry.from) held.hold(tenantId, key, entry);
    });
    answer.forEach(remember);
  });
}

/**
 * A load's answer as one entry per key (each from the query's start on), or undefined when the read was cut by the
 * cap (too many events to hold). The store answers oldest first, so each entry is in the store's order.
 */
export function entriesOfLoad(
  query: HistoryQuery,
  keys: readonly string[],
  read: readonly DetectionEvent[],
): WindowEntry[] | undefined {
  if (read.length >= LOAD_CAP) return undefined;
  const perAccount = query.accountIds !== undefined;
  const from = query.since.getTime();
  const loaded: WindowEntry[] = keys.map(() => ({ from, events: [] }));
  const values = (perAccount ? query.accountIds : query.ips) ?? [];
  const byValue = new Map(values.map((value, index) => [value, loaded[index] as WindowEntry]));
  for (const event of read) byValue.get((perAccount ? event.accountId : event.ip) as string)?.events.push(event);
  return loaded;
}

function spanId(tenantId: string, kind: EventKind, keyType: EntryKeyType): string {
  return `${tenantId}\u0000${kind}|${keyType}|`;
}
