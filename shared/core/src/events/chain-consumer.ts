import { AppendedChainEntries, CHAIN_PAGE_SIZE, type ChainEntry } from './activity-chain.js';
import type { ActivityChainConsumerOptions } from './chain-consumer-options.js';
import type { BusSubscription } from './event-bus.js';
import { BACKGROUND_WAIT_MS, foregroundCatchUps, type ForegroundCatchUps } from './foreground-catch-ups.js';
import { HAND_OVER_BUDGET, HandedOverEntries } from './handed-over.js';
import { TOPICS, type ActivityAppendedPayload } from './topics.js';

/**
 * A consumer of `activity.recorded` that cannot lose an event: it follows each tenant's activity chain
 * from the offset it saved in MongoDB, in sequence order, saving the offset as it goes.
 * The bus only says "tenant T has news" (low latency); the chain is the source of truth, so a message
 * lost with a crashed process, a Redis restart or a missed publish costs latency (until the next sweep),
 * never an event. At start it replays whatever is after its offsets.
 *
 * Per tenant one catch-up runs at a time; tenants proceed independently. A handler that throws stops
 * that tenant's catch-up at the failing event (nothing later is skipped); the next sweep retries it.
 */
export class ActivityChainConsumer {
  private readonly positions = new Map<string, number>();
  /** Per tenant, the position last written to the offsets, and that write (one at a time per tenant, in order). */
  private readonly saved = new Map<string, number>();
  private readonly writes = new Map<string, Promise<void>>();
  /** The timer that saves the positions stopped catch-ups left unsaved. */
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly wakeAgain = new Set<string>();
  /** Per tenant, the entries handed over with the bus messages and not handled yet (bounded across tenants). */
  private readonly handedOver: HandedOverEntries;
  private subscription: BusSubscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = true;

  private readonly pageSize: number;
  private readonly foreground: ForegroundCatchUps;
  private readonly backgroundWaitMs: number;

  constructor(private readonly options: ActivityChainConsumerOptions) {
    this.pageSize = options.pageSize ?? CHAIN_PAGE_SIZE;
    this.foreground = options.foreground ?? foregroundCatchUps;
    this.backgroundWaitMs = options.backgroundWaitMs ?? BACKGROUND_WAIT_MS;
    this.handedOver = new HandedOverEntries(options.handOverBudget ?? HAND_OVER_BUDGET);
  }

  private get group(): string {
    return this.options.group;
  }

  /** Loads (or, on the group's first start, creates) the offsets, then follows the chain. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    const { offsets, chain, bus } = this.options;
    let state = await offsets.load(this.group);
    if (!state.created) {
      await offsets.create(this.group, await chain.scanHeads());
      state = await offsets.load(this.group);
    }
    for (const [tenantId, sequence] of state.offsets) {
      this.positions.set(tenantId, sequence);
      this.saved.set(tenantId, sequence);
    }
    this.stopped = false;
    this.subscription = await bus.subscribe<ActivityAppendedPayload>(TOPICS.activityRecorded, this.group, async (message) => {
      const tenantId = message.payload?.tenantId;
      if (typeof tenantId !== 'string' || tenantId.length === 0) return;
      if (message.local instanceof AppendedChainEntries && message.local.tenantId === tenantId)
        this.handedOver.append(tenantId, message.local.entries);
      this.wake(tenantId);
    });
    this.timer = setInterval(() => this.sweep(), this.options.sweepIntervalMs ?? 2000);
    this.timer.unref();
    this.sweep();
  }

  /** Stops following; a catch-up in flight finishes its current event first. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.subscription?.close();
    this.subscription = undefined;
    await this.sweeping;
    await Promise.all(this.running.values());
    this.handedOver.clear();
    await this.saveDue();
  }

  /**
   * Resolves once every announced head is handled, nothing runs and every position is saved (tests: "everything
   * announced so far was handled"); a tenant stopped at a failing event is retried meanwhile. Gives up after
   * `timeoutMs`.
   */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.sweeping || this.running.size > 0) {
        await this.sweeping;
        await Promise.all(this.running.values());
      }
      if (this.stopped || Date.now() > deadline) return this.saveDue();
      const heads = await this.options.chain.heads();
      const behind = [...heads].filter(([tenantId, head]) => head > (this.positions.get(tenantId) ?? 0));
      if (behind.length === 0) return this.saveDue();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const [tenantId] of behind) this.wake(tenantId);
    }
  }

  /** Compares every tenant's head with this group's position and catches up the ones behind. */
  sweep(): void {
    if (this.stopped || this.sweeping) return;
    this.sweeping = this.options.chain
      .heads()
      .then((heads) => {
        for (const [tenantId, head] of heads) if (head > (this.positions.get(tenantId) ?? 0)) this.wake(tenantId);
      })
      .catch((err: unknown) => this.options.logger.warn({ err: messageOf(err), group: this.group }, 'chain sweep failed'))
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  /** Catches up one tenant now, or right after the catch-up already running for it. */
  wake(tenantId: string): void {
    if (this.stopped) return;
    if (this.running.has(tenantId)) {
      this.wakeAgain.add(tenantId);
      return;
    }
    const run = this.startCatchUp(tenantId)
      .catch((err: unknown) =>
        this.options.logger.warn(
          { err: messageOf(err), group: this.group, tenantId, after: this.positions.get(tenantId) ?? 0 },
          'activity consumer stopped at a failing event; the next sweep retries it',
        ),
      )
      .finally(() => {
        this.running.delete(tenantId);
        if (this.wakeAgain.delete(tenantId)) this.wake(tenantId);
      });
    this.running.set(tenantId, run);
  }

  /** A foreground catch-up at once, reported while it runs; a background one after the foreground's (ADR 159). */
  private async startCatchUp(tenantId: string): Promise<void> {
    if (this.options.priority === 'background') {
      await this.foreground.settled(this.backgroundWaitMs);
      if (this.stopped) return;
      return this.catchUp(tenantId);
    }
    const end = this.foreground.begin();
    try {
      await this.catchUp(tenantId);
    } finally {
      end();
    }
  }

  /**
   * The page after `position`: the first page of the entries handed over when they start right after it (the rest
   * stays kept), else read from the chain — only up to the kept entries when they start later (a consumer behind
   * its messages still gets them). `more`: a page may follow (a full page read, or entries still kept).
   */
  private async pageAfter(
    tenantId: string,
    position: number,
    pageSize: number,
  ): Promise<{ entries: readonly ChainEntry[]; more: boolean }> {
    const readPage = async () => {
      const entries = await this.options.chain.readAfter(tenantId, position, pageSize);
      return { entries, more: entries.length === pageSize };
    };
    let kept = this.handedOver.of(tenantId);
    const handled = position + 1 - (kept[0]?.sequence ?? position + 1);
    if (handled > 0) kept = kept.slice(handled);
    if (kept.length === 0) {
      this.handedOver.delete(tenantId);
      return readPage();
    }
    const first = (kept[0] as ChainEntry).sequence;
    if (first > position + 1) {
      const gap = Math.min(pageSize, first - position - 1);
      const before = (await this.options.chain.readAfter(tenantId, position, gap)).filter((entry) => entry.sequence < first);
      // Events between the position and the kept entries come first. None left there (deleted): the kept entries,
      // as they are now (a message may have added to them meanwhile, or replaced them).
      if (before.length > 0) return { entries: before, more: true };
      kept = this.handedOver.of(tenantId);
      if (kept[0]?.sequence !== first) return readPage();
    }
    if (kept.length > pageSize) this.handedOver.set(tenantId, kept.slice(pageSize));
    else this.handedOver.delete(tenantId);
    // Nothing kept after this page: what comes later comes with a message of its own (or the sweep finds it).
    return { entries: kept.slice(0, pageSize), more: kept.length > pageSize };
  }

  private async catchUp(tenantId: string): Promise<void> {
    const { pageSize } = this;
    // The offset is saved every `saveEvery` events while the catch-up runs (written while the next events are
    // handled) and `saveDelayMs` after it stops. At a crash it is at most that far behind, and handing those events
    // over again changes nothing (the handlers are idempotent).
    const saveEvery = this.options.saveEvery ?? 20;
    const handled = async (sequence: number) => {
      this.positions.set(tenantId, sequence);
      if (sequence - (this.saved.get(tenantId) ?? 0) >= saveEvery) await this.save(tenantId);
    };
    try {
      for (;;) {
        const { entries, more } = await this.pageAfter(tenantId, this.positions.get(tenantId) ?? 0, pageSize);
        if (this.options.handleBatch !== undefined) {
          const last = entries.at(-1);
          if (this.stopped || last === undefined) return;
          const payloads = entries.flatMap((entry) => (entry.payload ? [entry.payload] : []));
          if (payloads.length > 0) await this.options.handleBatch(payloads);
          await handled(last.sequence);
        } else {
          for (const entry of entries) {
            if (this.stopped) return;
            if (entry.payload) await this.options.handle(entry.payload);
            await handled(entry.sequence);
          }
        }
        if (!more || this.stopped) return;
      }
    } finally {
      this.saveLater(tenantId);
    }
  }

  /**
   * Queues a write of the tenant's position. A tenant's writes run one at a time, in order, each writing the
   * position as it is when it runs, so no two race on the same document; resolves when the write queued before
   * this one finished (a catch-up goes on handling while its latest position is written).
   */
  private save(tenantId: string): Promise<void> {
    const before = this.writes.get(tenantId) ?? Promise.resolve();
    this.writes.set(
      tenantId,
      before.then(() => this.write(tenantId)),
    );
    return before;
  }

  private async write(tenantId: string): Promise<void> {
    const position = this.positions.get(tenantId) ?? 0;
    if (position <= (this.saved.get(tenantId) ?? 0)) return;
    try {
      await this.options.offsets.advance(this.group, tenantId, position);
      this.saved.set(tenantId, Math.max(position, this.saved.get(tenantId) ?? 0));
    } catch (err) {
      // Tried again with the next delayed save; a restart meanwhile hands these events over again.
      this.options.logger.warn({ err: messageOf(err), group: this.group, tenantId }, 'saving the consumer offset failed');
      this.saveLater(tenantId);
    }
  }

  private saveLater(tenantId: string): void {
    if (this.stopped || (this.positions.get(tenantId) ?? 0) <= (this.saved.get(tenantId) ?? 0)) return;
    if (this.saveTimer) return;
    // Once due, the write also lets the process's foreground catch-ups go first (an alert's way, ADR 159).
    const due = () => void this.foreground.settled(this.backgroundWaitMs).then(() => this.saveDue());
    this.saveTimer = setTimeout(due, this.options.saveDelayMs ?? 1000);
    this.saveTimer.unref();
  }

  /** Saves every position not saved yet (the timer, `stop()`, `idle()`), and waits for every write. */
  private async saveDue(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    for (const [tenantId, position] of this.positions) if (position > (this.saved.get(tenantId) ?? 0)) void this.save(tenantId);
    await Promise.all(this.writes.values());
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
