/**
 * How a subgraph call learns that nobody waits for it any more: its client left (the Node response it would answer
 * closed unanswered) or its abort signal fired. Shared by the gateway's upstream fetch and the in-flight sharing of
 * identical calls (upstream-fetch.ts, upstream-sharing.ts; ADR 112, 133).
 */
import { ServerResponse } from 'node:http';

export const CLIENT_LEFT = 'The client closed its connection before the answer.';

/** The Node response the call's client waits on, from the runtime's server context (absent over WebSockets). */
export function clientResponse(context: unknown): ServerResponse | undefined {
  const res = typeof context === 'object' && context !== null ? (context as { res?: unknown }).res : undefined;
  return res instanceof ServerResponse ? res : undefined;
}

/** Closed before its answer was written: the client left (a finished response closes too, after `finish`). */
export function clientLeft(client: ServerResponse): boolean {
  return client.closed && !client.writableFinished;
}

/** For the ponyfill path: `signal`, also aborted when the client leaves. */
export function withClient(signal: AbortSignal | undefined, client: ServerResponse): AbortSignal {
  const left = new AbortController();
  if (clientLeft(client)) left.abort(new Error(CLIENT_LEFT));
  else whenClientLeaves(client, () => left.abort(new Error(CLIENT_LEFT)));
  return signal ? AbortSignal.any([signal, left.signal]) : left.signal;
}

/**
 * One listener per client response and per abort signal, however many subgraph calls wait on it at once: a plan's
 * parallel fetches share their client's response, and the HTTP executor hands every call its long-lived dispose
 * signal. A listener per call would pass Node's default of 10 under load, which Node reports as a possible leak.
 * Each returns the function that stops the call waiting.
 */
const clientWaiters = new WeakMap<ServerResponse, Set<() => void>>();
const abortWaiters = new WeakMap<AbortSignal, Set<() => void>>();

export function whenClientLeaves(client: ServerResponse, leave: () => void): () => void {
  return waitOn(clientWaiters, client, leave, (fire) => client.once('close', () => clientLeft(client) && fire()));
}

export function whenAborted(signal: AbortSignal, abort: () => void): () => void {
  return waitOn(abortWaiters, signal, abort, (fire) => signal.addEventListener('abort', fire, { once: true }));
}

/** Adds `call` to the calls waiting on `target`, listening (once, through `listen`) when it is the first. */
function waitOn<T extends object>(
  waiters: WeakMap<T, Set<() => void>>,
  target: T,
  call: () => void,
  listen: (fire: () => void) => void,
): () => void {
  let calls = waiters.get(target);
  if (calls === undefined) {
    const waiting = new Set<() => void>();
    calls = waiting;
    waiters.set(target, waiting);
    listen(() => {
      waiters.delete(target);
      for (const waiter of [...waiting]) waiter();
    });
  }
  const waiting = calls;
  waiting.add(call);
  return () => waiting.delete(call);
}

/**
 * What Node's `http.request` rejects with when its signal aborts, as the ponyfill passed it on: the transport turns
 * an `AbortError` into its abort answer built from the signal's reason, whatever that reason is (a client leaving,
 * a timeout).
 */
export function abortError(reason: unknown, message = 'The operation was aborted'): Error {
  const error = new Error(message, { cause: reason });
  error.name = 'AbortError';
  return Object.assign(error, { code: 'ABORT_ERR' });
}

/**
 * The AbortError of a call whose client left. Its message says so: the transport makes it the call's error, and the
 * runtime's log line for it is then told apart from a failure (runtime-logger.ts logs it at debug).
 */
export function clientLeftError(): Error {
  return abortError(new Error(CLIENT_LEFT), CLIENT_LEFT);
}
