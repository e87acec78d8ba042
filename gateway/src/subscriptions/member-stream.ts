import type { ExecutionResult } from 'graphql';
import { payloadBytes, type WallOperation } from './frames.js';

/**
 * Results a member may have waiting before it is dropped: a wall that cannot keep up must not make the gateway
 * hold every alert for it (bounded memory); it gets an error and its client reconnects.
 */
export const MAX_PENDING_RESULTS = 256;

type Waiter = { resolve: (next: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void };

/**
 * One caller's view of a shared upstream: an async iterator the runtime (and graphql-ws) consume as if it were
 * the caller's own subscription. Its return() (the client completed, or the socket closed) leaves the group.
 *
 * Fast path: a result without errors is written straight to the caller's socket (`wall`), serialised once for
 * the whole group; the runtime's per-result hooks would pass it through unchanged (they mask and count errors).
 * A result with errors goes through the caller's own pipeline (error masking, metrics), and so does every later
 * result of this member, so the order of results never changes.
 */
export class MemberStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly pending: ExecutionResult[] = [];
  private waiter: Waiter | undefined;
  private failure: unknown;
  private done = false;

  constructor(
    /** The member's token expiry (seconds since the epoch): nothing is delivered from then on. */
    private readonly expiresAt: number,
    private readonly onLeave: () => void,
    /** Where to write results directly; undefined: always through the pipeline. */
    private wall: WallOperation | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** A result of the group's upstream; `now` in seconds (read once per result for the whole group). */
  push(result: ExecutionResult, now: number): void {
    if (this.done || now >= this.expiresAt) return;
    if (this.wall && !result.errors?.length) {
      this.wall.writeNext(payloadBytes(result));
      return;
    }
    this.wall = undefined;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ done: false, value: result });
      return;
    }
    if (this.pending.length >= MAX_PENDING_RESULTS) {
      this.fail(new Error('This subscription fell too far behind and was ended; subscribe again.'));
      this.onLeave();
      return;
    }
    this.pending.push(result);
  }

  /** The upstream ended: what is pending is still delivered, then the stream completes. */
  complete(): void {
    if (this.done) return;
    this.done = true;
    this.settleWaiter();
  }

  /** The upstream failed: pending results are dropped and the next read throws. */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.pending.length = 0;
    this.settleWaiter();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.pending.shift();
    if (value !== undefined) return Promise.resolve({ done: false, value });
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.pending.length = 0;
    this.failure = undefined;
    if (!this.done) {
      this.done = true;
      this.onLeave();
    }
    this.settleWaiter();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    void this.return();
    return Promise.reject(error);
  }

  private settleWaiter(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      waiter.reject(error);
    } else waiter.resolve({ done: true, value: undefined });
  }
}
