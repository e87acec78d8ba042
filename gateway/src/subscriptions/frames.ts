import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';

/**
 * A result's `payload` JSON, computed once per result object: the members of a shared group receive the same
 * result object (unless their own result hooks replaced it, e.g. to mask an error), so a result written to
 * 10,000 walls is serialised once. Same shape as graphql-ws writes (errors as their toJSON()).
 */
const payloads = new WeakMap<ExecutionResult, string>();
let serialisations = 0;

/** Results serialised so far by this process (tests: one per event per group, not one per wall). */
export function payloadSerialisations(): number {
  return serialisations;
}

/** The operation a graphql-ws subscribe belongs to: where its frames go. Set in the context by websocket.ts. */
export interface WallOperation {
  readonly socket: WebSocket;
  readonly id: string;
}

/** Context key of the WallOperation (a symbol: no client input can set it). */
export const WALL_OPERATION = Symbol('vigil.wallOperation');

/** Writes an already serialised result to the operation's socket as a `next` message. */
export function writeNext(operation: WallOperation, payload: string): void {
  if (operation.socket.readyState === WebSocket.OPEN) operation.socket.send(nextFrame(operation.id, payload));
}

export function payloadJson(result: ExecutionResult): string {
  let json = payloads.get(result);
  if (json === undefined) {
    serialisations += 1;
    const { errors, ...withoutErrors } = result;
    json = JSON.stringify(errors ? { ...withoutErrors, errors: errors.map((error) => error.toJSON()) } : withoutErrors);
    payloads.set(result, json);
  }
  return json;
}

/** A graphql-transport-ws `next` message for operation `id`, around an already serialised payload. */
export function nextFrame(id: string, payload: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;
}

/**
 * Writes `source`'s results to `socket` as `next` messages of operation `id` itself, and gives graphql-ws an
 * iterator that yields nothing: it ends when `source` ends (graphql-ws then sends `complete`) or throws its error
 * (graphql-ws sends `error`), and its return() (client `complete`, socket closed) returns `source`.
 */
export function writeFramesDirectly(
  source: AsyncIterable<ExecutionResult>,
  socket: WebSocket,
  id: string,
): AsyncGenerator<never, undefined, unknown> {
  const results = source[Symbol.asyncIterator]();
  let stopped = false;
  const written = (async () => {
    for (;;) {
      const next = await results.next();
      if (next.done || stopped) return;
      writeNext({ socket, id }, payloadJson(next.value));
    }
  })();
  written.catch(() => undefined); // read (and reported to the client by graphql-ws) through next()
  const stop = async () => {
    stopped = true;
    await results.return?.();
    return { done: true as const, value: undefined };
  };
  const iterator: AsyncGenerator<never, undefined, unknown> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => {
      await written;
      return { done: true, value: undefined };
    },
    return: stop,
    throw: async (error: unknown) => {
      await stop();
      throw error;
    },
  };
  return iterator;
}
