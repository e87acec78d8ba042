/**
 * periodicTask on vitest's fake timers: ticks are driven by the test, so "no overlap" and "stop waits" are
 * checked without depending on how loaded the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { periodicTask } from '../src/index.js';
import { memoryLogger } from './memory-logger.js';

/** A pass the test finishes when it wants. */
function heldPasses() {
  const releases: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run = () => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise<void>((resolve) =>
      releases.push(() => {
        running -= 1;
        resolve();
      }),
    );
  };
  return {
    run: vi.fn(run),
    releaseOldest: () => releases.shift()?.(),
    mostAtOnce: () => mostAtOnce,
  };
}

/** Lets settled promises run their callbacks (fake timers do not touch microtasks). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('periodicTask', () => {
  it('never starts a pass while one is in flight, on the timer or on demand', async () => {
    const passes = heldPasses();
    const task = periodicTask({ name: 'probe-sweeper', intervalMs: 10, run: passes.run, logger: memoryLogger().logger });
    task.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(passes.run).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(100); // ten more ticks while the first pass is held
    const onDemand = [task.runNow(), task.runNow()];
    expect(passes.run).toHaveBeenCalledTimes(1);

    passes.releaseOldest();
    await Promise.all(onDemand); // runNow answers with the pass in flight
    await vi.advanceTimersByTimeAsync(10);
    expect(passes.run).toHaveBeenCalledTimes(2);
    expect(passes.mostAtOnce()).toBe(1);

    passes.releaseOldest();
    await task.stop();
  });

  it('logs a failed pass with the task name, does not throw it, and keeps its schedule', async () => {
    const { logger, lines } = memoryLogger();
    const run = vi.fn().mockRejectedValueOnce(new Error('probe store unreachable')).mockResolvedValue(undefined);
    const task = periodicTask({ name: 'probe-purge', intervalMs: 10, run, logger });
    task.start();

    await expect(task.runNow()).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        task: 'probe-purge',
        msg: 'background task pass failed',
        err: expect.objectContaining({ message: 'probe store unreachable' }),
      }),
    ]);

    await vi.advanceTimersByTimeAsync(10);
    expect(run).toHaveBeenCalledTimes(2);
    expect(lines).toHaveLength(1);
    await task.stop();
  });

  it('stop() waits for the pass in flight, and no pass starts after it', async () => {
    const passes = heldPasses();
    const task = periodicTask({ name: 'probe-sweeper', intervalMs: 10, run: passes.run, logger: memoryLogger().logger });
    task.start();
    await vi.advanceTimersByTimeAsync(10);

    let stopped = false;
    const stopping = task.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);

    passes.releaseOldest();
    await stopping;
    expect(stopped).toBe(true);

    task.start(); // a stopped task stays stopped
    await vi.advanceTimersByTimeAsync(100);
    expect(passes.run).toHaveBeenCalledTimes(1);
  });

  it('waits one interval before the first pass unless runAtStart', async () => {
    const later = vi.fn().mockResolvedValue(undefined);
    const atStart = vi.fn().mockResolvedValue(undefined);
    const { logger } = memoryLogger();
    const waiting = periodicTask({ name: 'later', intervalMs: 1000, run: later, logger });
    const eager = periodicTask({ name: 'eager', intervalMs: 1000, run: atStart, logger, runAtStart: true });
    waiting.start();
    eager.start();
    await settle();
    expect(later).not.toHaveBeenCalled();
    expect(atStart).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(later).toHaveBeenCalledTimes(1);
    expect(atStart).toHaveBeenCalledTimes(2);
    await Promise.all([waiting.stop(), eager.stop()]);
  });

  it('stop() before any pass resolves at once', async () => {
    const run = vi.fn().mockResolvedValue(undefined);
    const task = periodicTask({ name: 'idle', intervalMs: 10, run, logger: memoryLogger().logger });
    task.start();
    await task.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).not.toHaveBeenCalled();
  });
});
