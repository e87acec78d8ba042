import type { Logger } from 'pino';
import type { BackgroundTask } from '../module/background-task.js';

export interface PeriodicTaskOptions {
  /** In logs: what this task does, e.g. `sla-sweeper`. */
  readonly name: string;
  readonly intervalMs: number;
  /** One pass. Its errors are logged and the next pass runs on schedule; passes never overlap. */
  readonly run: () => Promise<unknown>;
  readonly logger: Logger;
  /** Run a first pass at start instead of waiting one interval. Default false. */
  readonly runAtStart?: boolean;
}

/**
 * The one timer loop of Vigil's background work (sweepers, purges, pollers): no overlapping passes, errors
 * logged without killing the loop, `stop()` waits for the pass in flight, and the timer never holds the process
 * open. Use it instead of a hand-written `setInterval`.
 */
export function periodicTask(options: PeriodicTaskOptions): BackgroundTask & { runNow(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const pass = (): Promise<void> => {
    inFlight ??= options
      .run()
      .then(
        () => undefined,
        (err: unknown) => options.logger.error({ err, task: options.name }, 'background task pass failed'),
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    name: options.name,
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void pass(), options.intervalMs);
      timer.unref();
      if (options.runAtStart) void pass();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
    /** One pass now (or the one in flight): for tests and for "sweep on demand". */
    runNow: pass,
  };
}
