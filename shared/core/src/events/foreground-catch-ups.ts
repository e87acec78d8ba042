/**
 * How long at most a background chain consumer's catch-up, or any consumer's delayed offset write, waits for the
 * foreground catch-ups of its process (default of `ActivityChainConsumerOptions.backgroundWaitMs`). Longer than a
 * detection page that announced an alert takes on the one-core stack, its wait for the walls' delivery included
 * (ADR 154's 50 ms); short enough that a background consumer behind a busy foreground stays a fraction of a second
 * behind, never starved.
 */
export const BACKGROUND_WAIT_MS = 250;

/**
 * The catch-ups of a process's latency-critical chain consumers (`priority: 'foreground'`) running now, so that its
 * background consumers and the consumers' delayed offset writes start after them (ADR 159). In the one-process stack
 * every consumer shares one core and one embedded server with the alert's way: a background consumer's commands,
 * taken at the same time as detection's, delay detection's answers. Only ever an order: whoever waits goes on after
 * `BACKGROUND_WAIT_MS` whatever runs, and nothing is skipped (the chain and the offsets decide what is handled).
 */
export class ForegroundCatchUps {
  private running = 0;
  private readonly waiters = new Set<() => void>();

  /** Callers waiting in `settled` now (tests: a background catch-up or a delayed write is held here). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** A foreground catch-up starts; the function it returns ends it (once, however often it is called). */
  begin(): () => void {
    this.running += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running -= 1;
      if (this.running === 0) for (const waiter of [...this.waiters]) waiter();
    };
  }

  /**
   * Resolves once no foreground catch-up runs, or after `maxWaitMs`. It looks one event-loop turn later: a bus
   * message wakes the process's consumers one after the other in the turn it arrives in, in no set order, so a
   * background consumer woken first still finds the foreground catch-ups the same message started.
   */
  async settled(maxWaitMs: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.running === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      timer.unref();
      this.waiters.add(done);
    });
  }
}

/** The process's foreground catch-ups: every `ActivityChainConsumer` reports to and waits on it unless given its own. */
export const foregroundCatchUps = new ForegroundCatchUps();
