import type { ActivityCategory } from '@vigil/core/domain';
import type { ErasableHistory } from './account-erasure.js';
import type { PurgeableHistory } from './retention-purge.js';
import type { CountedHistory, CountedRecording, RecordingCount } from './counted-history.js';
import { eventsByTenant, type DetectionEvent } from './detection-event.js';
import {
  evidenceRef,
  type AccountsAlertQuery,
  type AccountsAlertRef,
  type DetectionHistory,
  type EvidenceRef,
  type HistoryQuery,
  type RecentAlertQuery,
  type RecentAlertRef,
} from './detection-history.js';
import { HeldWindows } from './held-windows.js';
import { answerFromEntries, entryKeysOf, entryKeysOfEvent, keyValueOf, type WindowEntry } from './window-entries.js';
import {
  entriesOfLoad,
  holdPrefetched,
  loadQueryOf,
  startPrefetch,
  WindowSpans,
  type Prefetched,
  type PrefetchInFlight,
} from './window-prefetch.js';
import { WINDOW_CACHE_EVENTS, type WindowCacheObserver } from './window-cache-observer.js';

interface TenantState {
  recording: RecordingCount;
  /** Moves with every recording added to the tenant's entries: a load that saw another value is not kept. */
  generation: number;
  readonly byId: Map<string, DetectionEvent>;
}

/**
 * The rules' windows kept between pages by this instance (ADR 115): a read model of the shared history, so a page
 * reads from the store only the window keys it has not seen before, instead of re-reading every key's whole window
 * (the same events, page after page). Answers are what the store would answer.
 *
 * Why they stay right with several instances: every recording is counted in the store after its events are stored
 * (`countRecording`). When this instance's count comes back as its previous one plus one, no other recording
 * happened in between, so the store changed only by this instance's own events, which it adds to its entries.
 * Any other count (another instance recorded, the count started over) drops the tenant's entries; the next page
 * loads its keys again. A recording in flight elsewhere is not seen — exactly as a store read made before it
 * committed would not see it — and that recording's own count will show the jump.
 */
export class WindowCache implements DetectionHistory, ErasableHistory, PurgeableHistory {
  private readonly tenants = new Map<string, TenantState>();
  private readonly held: HeldWindows;
  /** Events in the tenants' evidence indexes (`byId`). */
  private remembered = 0;
  /** Per tenant, the count read in flight: the reads of one turn share it. */
  private readonly counting = new Map<string, Promise<RecordingCount | undefined>>();
  private readonly spans = new WindowSpans();

  constructor(
    private readonly store: CountedHistory,
    private readonly maxEvents = WINDOW_CACHE_EVENTS,
    private readonly observer?: WindowCacheObserver,
  ) {
    this.held = new HeldWindows(maxEvents);
  }

  async record(events: readonly DetectionEvent[]): Promise<void> {
    await this.recordCounted(events);
  }

  /** The page recorded, and its tenant's watermark moved by the write that counts the recording (ADR 162). */
  async recordWithWatermark(tenantId: string, events: readonly DetectionEvent[], occurredAt: Date): Promise<Date> {
    const counted = await this.recordCounted(events, new Map([[tenantId, occurredAt]]));
    return counted.get(tenantId)?.newestEventAt ?? occurredAt;
  }

  /** Stores the events, then counts each tenant's recording (moving the watermarks given, ADR 162). */
  private async recordCounted(
    events: readonly DetectionEvent[],
    watermarks?: ReadonlyMap<string, Date>,
  ): Promise<Map<string, CountedRecording>> {
    const byTenant = eventsByTenant(events);
    const stored = this.store.record(events);
    // The keys the page's reads will load go out beside the insert (ADR 157), kept only if the count confirms them.
    const prefetched = new Map([...byTenant].map(([tenant, tenantEvents]) => [tenant, this.prefetch(tenant, tenantEvents)]));
    const counts = new Map<string, CountedRecording>();
    try {
      await stored;
      await Promise.all(
        [...byTenant].map(async ([tenantId, tenantEvents]) => {
          const recording = await this.store.countRecording(tenantId, watermarks?.get(tenantId));
          counts.set(tenantId, recording);
          this.counted(tenantId, recording, tenantEvents, prefetched.get(tenantId)?.answered);
        }),
      );
    } catch (error) {
      // Stored (maybe in part) but not counted: nothing tells the entries apart from the store any more.
      for (const tenantId of byTenant.keys()) this.forget(tenantId);
      throw error;
    }
    return counts;
  }

  advanceWatermark(tenantId: string, occurredAt: Date): Promise<Date> {
    return this.store.advanceWatermark(tenantId, occurredAt);
  }

  recentAlerts(query: RecentAlertQuery): Promise<RecentAlertRef[]> {
    return this.store.recentAlerts(query);
  }

  recentAlertsOfAccounts(query: AccountsAlertQuery): Promise<AccountsAlertRef[]> {
    return this.store.recentAlertsOfAccounts(query);
  }

  events(query: HistoryQuery): Promise<DetectionEvent[]> {
    return this.read(query);
  }

  /**
   * The history as the page that has just recorded the tenant's events reads it (ADR 154): as of that recording,
   * whose count `record` compared, with no count read before each window read. Every answer holds each recording
   * counted up to the page's own; of two pages recorded at once, the one counted later sees both (its count jumped).
   */
  asOfRecording(tenantId: string): DetectionHistory {
    const recording = this.tenants.get(tenantId)?.recording;
    return {
      record: (events) => this.record(events),
      advanceWatermark: (tenant, occurredAt) => this.advanceWatermark(tenant, occurredAt),
      recentAlerts: (query) => this.recentAlerts(query),
      recentAlertsOfAccounts: (query) => this.recentAlertsOfAccounts(query),
      events: (query) => this.read(query, query.tenantId === tenantId ? recording : undefined),
    };
  }

  /** From memory when the tenant's keys are held and its count is current (or `asOf`, still the latest here). */
  private async read(query: HistoryQuery, asOf?: RecordingCount): Promise<DetectionEvent[]> {
    const keys = entryKeysOf(query);
    if (keys !== undefined && asOf !== undefined) this.spans.learn(query);
    const state = await this.current(query.tenantId, asOf);
    if (keys === undefined || state === undefined) {
      this.observer?.windowRead('store');
      return this.store.events(query);
    }
    const since = query.since.getTime();
    const found: WindowEntry[] = [];
    const missing: string[] = [];
    for (const key of keys) {
      const entry = this.held.use(query.tenantId, key);
      if (entry !== undefined && entry.from <= since) found.push(entry);
      else missing.push(key);
    }
    this.observer?.windowRead(missing.length > 0 ? 'store' : 'cache');
    if (missing.length > 0) {
      const loaded = await this.load(query, missing, state);
      if (loaded === undefined) return this.store.events(query);
      found.push(...loaded);
    }
    return answerFromEntries(query, found);
  }

  /**
   * Chain positions of evidence events: those this instance holds from memory, the others from the store. No count
   * read first (ADR 154): an event's position and hash never change once recorded (an erasure keeps both), so another
   * instance's recording cannot change what memory answers.
   */
  async evidence(tenantId: string, eventIds: readonly string[]): Promise<EvidenceRef[]> {
    const byId = this.tenants.get(tenantId)?.byId;
    const unknown = eventIds.filter((eventId) => byId?.get(eventId) === undefined);
    const read = new Map((await this.store.evidence(tenantId, unknown)).map((ref) => [ref.eventId, ref]));
    return eventIds.map((eventId) => {
      const held = byId?.get(eventId);
      return held === undefined ? (read.get(eventId) ?? { eventId }) : evidenceRef(eventId, held);
    });
  }

  /** Erases in the store (which counts it, so other instances drop the tenant) and drops the tenant here at once. */
  async eraseAccount(tenantId: string, accountId: string, beforeSequence: number | undefined): Promise<number> {
    try {
      return await this.store.eraseAccount(tenantId, accountId, beforeSequence);
    } finally {
      this.forget(tenantId);
    }
  }

  /** Purges what the tenant's retention expired in the store (which counts it) and drops the tenant here at once. */
  async purgeExpired(tenantId: string, cutoffs: ReadonlyMap<ActivityCategory, Date>): Promise<number> {
    try {
      return await this.store.purgeExpired(tenantId, cutoffs);
    } finally {
      this.forget(tenantId);
    }
  }

  /** Purges the store and forgets the same events here. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const purged = await this.store.purgeBefore(cutoff);
    const time = cutoff.getTime();
    this.held.dropBefore(time);
    for (const state of this.tenants.values()) {
      for (const [eventId, event] of state.byId) {
        if (event.occurredAt.getTime() >= time) continue;
        state.byId.delete(eventId);
        this.remembered -= 1;
      }
    }
    return purged;
  }

  /**
   * The tenant's state when the store's count still is the one of this instance's last recording: nobody else
   * recorded since, so the entries hold what the store holds. Otherwise the tenant is forgotten (undefined).
   */
  private async current(tenantId: string, asOf?: RecordingCount): Promise<TenantState | undefined> {
    const state = this.tenants.get(tenantId);
    if (state === undefined) return undefined;
    // The page's own recording is still the tenant's latest here: its count was compared when it was made.
    if (asOf !== undefined && state.recording === asOf) return state;
    let counting = this.counting.get(tenantId);
    if (counting === undefined) {
      counting = this.store.recordingCount(tenantId);
      this.counting.set(tenantId, counting);
      void counting.finally(() => this.counting.delete(tenantId)).catch(() => undefined);
    }
    const count = await counting;
    if (this.tenants.get(tenantId) !== state) return undefined;
    if (count?.epoch === state.recording.epoch && count.count === state.recording.count) return state;
    this.forget(tenantId);
    return undefined;
  }

  /**
   * After this instance's recording was counted: its events join the entries, or the tenant starts over. The loads the
   * page sent beside its insert are kept when the count is the previous plus one and nothing here moved the tenant
   * since: only the page's own events changed the store since they were sent (ADR 157), and they join them here.
   */
  private counted(
    tenantId: string,
    recording: RecordingCount,
    events: readonly DetectionEvent[],
    prefetched?: Prefetched<TenantState>,
  ): void {
    const state = this.tenants.get(tenantId);
    if (state === undefined || state.recording.epoch !== recording.epoch || recording.count !== state.recording.count + 1) {
      this.forget(tenantId);
      this.tenants.set(tenantId, { recording, generation: 0, byId: new Map() });
      return;
    }
    if (prefetched?.state === state && prefetched.generation === state.generation)
      holdPrefetched(this.held, tenantId, prefetched, (event) => this.remember(state, event));
    state.recording = recording;
    state.generation += 1;
    for (const stored of events.map((event) => this.store.asRead(event))) {
      for (const key of entryKeysOfEvent(stored)) this.held.add(tenantId, key, stored);
      this.remember(state, stored);
    }
  }

  /** Starts the page's loads of the keys it does not hold (ADR 157); undefined when none, or for a tenant not held. */
  private prefetch(tenantId: string, events: readonly DetectionEvent[]): PrefetchInFlight<TenantState> | undefined {
    const state = this.tenants.get(tenantId);
    const reads = this.spans.plan(tenantId, events, (key) => this.held.use(tenantId, key)?.from);
    if (state === undefined || reads.length === 0) return undefined;
    return startPrefetch(state, state.generation, reads, (query) => this.store.events(query));
  }

  /** Reads the missing keys in one store read, each from the query's start on; kept unless the tenant changed. */
  private async load(query: HistoryQuery, keys: readonly string[], state: TenantState): Promise<WindowEntry[] | undefined> {
    const generation = state.generation;
    const perAccount = query.accountId !== undefined || query.accountIds !== undefined;
    const loadQuery = loadQueryOf(query, perAccount, keys.map(keyValueOf));
    const read = await this.store.events(loadQuery);
    const loaded = entriesOfLoad(loadQuery, keys, read);
    if (loaded === undefined) return undefined;
    // Only a recording outdates a load: loads side by side (a page's account and IP windows) are all kept (ADR 154).
    if (this.tenants.get(query.tenantId) === state && state.generation === generation) {
      keys.forEach((key, index) => this.held.hold(query.tenantId, key, loaded[index] as WindowEntry));
      for (const event of read) this.remember(state, event);
    }
    return loaded;
  }

  private remember(state: TenantState, event: DetectionEvent): void {
    if (this.remembered >= this.maxEvents) {
      for (const tenant of this.tenants.values()) tenant.byId.clear();
      this.remembered = 0;
    }
    if (state.byId.has(event.eventId)) return;
    state.byId.set(event.eventId, event);
    this.remembered += 1;
  }

  private forget(tenantId: string): void {
    if (this.tenants.has(tenantId)) this.observer?.forgotten();
    this.held.forget(tenantId);
    this.remembered -= this.tenants.get(tenantId)?.byId.size ?? 0;
    this.tenants.delete(tenantId);
  }
}
