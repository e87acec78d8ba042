import type { Socket } from 'node:net';
import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import { nextMessageFrame } from './text-frame.js';

/**
 * A result's `payload` as UTF-8 JSON, computed once per result object: the members of a shared group receive the
 * same result object (unless their own result hooks replaced it, e.g. to mask an error), so a result written to
 * 10,000 walls is serialised and encoded once. Same shape as graphql-ws writes (errors as their toJSON()).
 */
const payloads = new WeakMap<ExecutionResult, Buffer>();
let serialisations = 0;

/** Results serialised so far by this process (tests: one per event per group, not one per wall). */
export function payloadSerialisations(): number {
  return serialisations;
}

export function payloadBytes(result: ExecutionResult): Buffer {
  let bytes = payloads.get(result);
  if (bytes === undefined) {
    serialisations += 1;
    const { errors, ...withoutErrors } = result;
    bytes = Buffer.from(
      JSON.stringify(errors ? { ...withoutErrors, errors: errors.map((error) => error.toJSON()) } : withoutErrors),
    );
    payloads.set(result, bytes);
  }
  return bytes;
}

/**
 * Bytes a wall's connection may hold written but not yet taken by the kernel (the wall stopped reading; the kernel's
 * own buffers are full) before the gateway cuts it off: at ~300 bytes an alert that is thousands of alerts behind.
 * Without it a stalled wall would make the gateway keep every alert for it (unbounded memory); its client
 * reconnects (graphql-ws retries an abnormal close) and reads the alerts again through the API.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

/** What WallOperation uses of the WebSocket and of the TCP socket under it. */
type WallSocket = Pick<WebSocket, 'readyState' | 'terminate'>;
type WallConnection = Pick<Socket, 'write' | 'writableLength'>;

/**
 * The graphql-ws operation a subscribe belongs to: where its `next` messages go (set in the context by
 * websocket.ts). A message is written as one pre-built frame straight to the TCP socket under the WebSocket
 * (`connection`, the upgrade request's socket), not through ws's `send`: per wall that is one buffer copy and one
 * write instead of a string concatenation, its UTF-8 encoding, a header allocation and a two-buffer writev
 * (ADR 105). Safe because the server never compresses (perMessageDeflate off, websocket.ts) and graphql-ws only
 * sends strings, so ws writes every frame of its own synchronously, never from a queue: frames cannot interleave.
 */
export class WallOperation {
  /** `{"id":<id>,"type":"next","payload":` — the same for every message of this operation. */
  private readonly prefix: Buffer;

  constructor(
    private readonly socket: WallSocket,
    private readonly connection: WallConnection,
    id: string,
  ) {
    this.prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  /**
   * Writes an already encoded result as a `next` message; nothing once the WebSocket is closing or closed. A wall
   * more than MAX_UNSENT_BYTES behind is terminated instead (no close handshake: it is not reading).
   */
  writeNext(payload: Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.connection.writableLength > MAX_UNSENT_BYTES) {
      this.socket.terminate();
      return;
    }
    this.connection.write(nextMessageFrame(this.prefix, payload));
  }
}

/** Context key of the WallOperation (a symbol: no client input can set it). */
export const WALL_OPERATION = Symbol('vigil.wallOperation');

/**
 * Writes `source`'s results to `operation` as `next` messages itself, and gives graphql-ws an iterator that
 * yields nothing: it ends when `source` ends (graphql-ws then sends `complete`) or throws its error (graphql-ws
 * sends `error`), and its return() (client `complete`, socket closed) returns `source`.
 */
export function writeFramesDirectly(
  source: AsyncIterable<ExecutionResult>,
  operation: WallOperation,
): AsyncGenerator<never, undefined, unknown> {
  const results = source[Symbol.asyncIterator]();
  let stopped = false;
  const written = (async () => {
    for (;;) {
      const next = await results.next();
      if (next.done || stopped) return;
      operation.writeNext(payloadBytes(next.value));
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
