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
 * (as after a body parser): see `bodyForRuntime`.
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
      if (body.length > 0)
        (request as IncomingMessage & { body?: object }).body = bodyForRuntime(request.headers['content-type'], body);
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

/**
 * What the runtime's Node adapter gets as the already-read body. A JSON object the runtime would parse from these
 * same bytes is handed over parsed: the adapter then answers the request parser's `json()` with it at once. Before
 * (ADR 109), every body went back in as a one-chunk stream that the adapter read again chunk by chunk and the parser
 * decoded and parsed — about a millisecond of a one-event call on the shared bench machine. Anything else (not
 * JSON by content type, bad JSON, a JSON value that is not a non-empty object) still goes in as a one-chunk stream
 * of the bytes as sent, so the runtime's own parsing and errors are unchanged. An empty object must not be handed
 * over parsed: the adapter takes only a body with at least one key, and would read the spent request stream instead.
 */
export function bodyForRuntime(contentType: string | undefined, body: string): object {
  if (parsedAsJson(contentType)) {
    const parsed = parseJson(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length > 0) return parsed;
  }
  return Readable.from([body]);
}

/** graphql-yoga's test for a JSON body: the first listed media type, parameters allowed. */
function parsedAsJson(contentType: string | undefined): boolean {
  const first = contentType?.split(',')[0];
  if (!first) return false;
  return ['application/json', 'application/graphql+json'].some((type) => first === type || first.startsWith(`${type};`));
}

/** The parsed value, or undefined when the text is not JSON (the runtime then reports it from the stream). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
