/**
 * Identical subgraph queries in flight at once share one upstream call (ADR 133, replacing the HTTP transport's
 * in-flight deduplication of ADR 101). "Identical" means byte for byte but the correlation headers: the URL, the
 * method, the headers and the body, which carries the caller's signed identity (ADR 101 decision 3), so two callers
 * never share. Only queries are shared: a mutation is sent as many times as it was asked for.
 *
 * What is shared is the answer's bytes, not a parsed answer: each call gets its own Response and the transport
 * parses it for that call alone. The transport's deduplication shared one parsed answer and handed every call a
 * `structuredClone` of it (the plan executor merges entity answers into the tree in place), which costs about three
 * times a `JSON.parse` of the same text.
 *
 * A call that stops waiting (its client left, its signal aborted) leaves the shared call at once; the upstream request
 * ends only when the last call waiting on it has left. Under the transport's deduplication the first caller's
 * leaving ended the request for every call sharing it: they answered 500.
 */
import type { ServerResponse } from 'node:http';
import { abortError, clientLeft, clientLeftError, whenAborted, whenClientLeaves } from './upstream-waiters.js';

/** One subgraph answer, read whole: what each sharing call builds its own Response from. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** What one call waits with: the signal the runtime gave it and the client response it answers, when known. */
export interface Waiter {
  readonly signal?: AbortSignal;
  readonly client?: ServerResponse;
}

interface SharedCall {
  readonly answer: Promise<UpstreamAnswer>;
  /** Ends the upstream request when nobody waits any more. */
  readonly controller: AbortController;
  waiting: number;
}

/** The calls in flight by their request's bytes; an entry leaves when its answer settles or nobody waits. */
export class InFlightCalls {
  private readonly calls = new Map<string, SharedCall>();

  /**
   * Waits for the answer of the call with this key, starting it (with a signal that aborts when every waiter has
   * left) when none is in flight.
   */
  join(key: string, start: (signal: AbortSignal) => Promise<UpstreamAnswer>, waiter: Waiter): Promise<UpstreamAnswer> {
    const gone = departure(waiter);
    if (gone) return Promise.reject(gone);
    let call = this.calls.get(key);
    if (call === undefined) {
      const controller = new AbortController();
      const started: SharedCall = { answer: start(controller.signal), controller, waiting: 0 };
      call = started;
      this.calls.set(key, started);
      const forget = () => this.forget(key, started);
      started.answer.then(forget, forget);
    }
    return this.wait(key, call, waiter);
  }

  private wait(key: string, call: SharedCall, waiter: Waiter): Promise<UpstreamAnswer> {
    return new Promise<UpstreamAnswer>((resolve, reject) => {
      call.waiting += 1;
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        stopWaitingAbort?.();
        stopWaitingClient?.();
        call.waiting -= 1;
        finish();
      };
      const leave = (error: Error) =>
        settle(() => {
          reject(error);
          if (call.waiting > 0) return;
          // Nobody waits: end the upstream request, and let a later identical call start afresh.
          this.forget(key, call);
          call.controller.abort(error);
        });
      const { signal, client } = waiter;
      const stopWaitingAbort = signal && whenAborted(signal, () => leave(abortError(signal.reason)));
      const stopWaitingClient = client && whenClientLeaves(client, () => leave(clientLeftError()));
      call.answer.then(
        (answer) => settle(() => resolve(answer)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  private forget(key: string, call: SharedCall): void {
    if (this.calls.get(key) === call) this.calls.delete(key);
  }
}

/** Why a waiter is already gone before it joins, or undefined while it still waits. */
function departure({ signal, client }: Waiter): Error | undefined {
  if (signal?.aborted) return abortError(signal.reason);
  if (client && clientLeft(client)) return clientLeftError();
  return undefined;
}

/**
 * Headers that name one client request, not what is asked: the runtime's request id and the trace context. A shared
 * call carries the first caller's (the subgraph logs and traces it once); every other header is part of the key.
 */
const CORRELATION_HEADERS: ReadonlySet<string> = new Set(['x-request-id', 'traceparent', 'tracestate']);

/** A request's identity for sharing: every byte that goes upstream but the correlation headers. */
export function requestKey(
  url: string,
  method: string,
  headers: Readonly<Record<string, string>> | undefined,
  body: string,
): string {
  let key = `${method} ${url}\n`;
  for (const name in headers) {
    if (!CORRELATION_HEADERS.has(name.toLowerCase())) key += `${name}: ${headers[name]}\n`;
  }
  return `${key}\n${body}`;
}

/**
 * Whether the runtime's call is a query, from the execution request the gateway runtime hangs on the call's `info`
 * (fusion-runtime's executor hooks). Anything that does not say so is not shared.
 */
export function isQueryCall(info: unknown): boolean {
  if (typeof info !== 'object' || info === null) return false;
  const request = (info as { executionRequest?: unknown }).executionRequest;
  if (typeof request !== 'object' || request === null) return false;
  return (request as { operationType?: unknown }).operationType === 'query';
}
