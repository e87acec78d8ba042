import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { BodyTooLargeError, readBody, sendBodyTooLarge } from '@vigil/core';
import type { GatewayLogger } from './options.js';

/** Larger requests (HTTP bodies, WebSocket messages) are refused before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * GraphQL over HTTP: the body is read here under the cap — a declared Content-Length over it is refused before a
 * byte is read, a chunked body at the chunk that crosses it — and only then handed to the runtime, which would
 * otherwise buffer a body of any size. The runtime's Node adapter takes an already-read body from `request.body`
 * (as after a body parser); a one-chunk stream keeps the bytes exactly as sent, so its own parsing and errors
 * (bad JSON, wrong content type) are unchanged.
 */
export function serveGraphql(
  runtime: GatewayRuntime,
  request: IncomingMessage,
  response: ServerResponse,
  logger: GatewayLogger,
): void {
  if (request.method !== 'POST') {
    void runtime(request, response);
    return;
  }
  readBody(request, MAX_BODY_BYTES).then(
    (body) => {
      if (body.length > 0) (request as IncomingMessage & { body?: Readable }).body = Readable.from([body]);
      void runtime(request, response);
    },
    (error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendBodyTooLarge(response, MAX_BODY_BYTES);
      // The client went away or broke the stream mid-body: nobody is left to answer.
      logger.debug({ reason: error instanceof Error ? error.message : String(error) }, 'GraphQL request body not read');
      response.destroy();
    },
  );
}
