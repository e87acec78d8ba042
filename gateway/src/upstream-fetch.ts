import { request as httpRequest, STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { fetch as ponyfillFetch, Response } from '@whatwg-node/fetch';
import type { UpstreamAgents } from './upstream-agents.js';
import { utf8Bytes } from './utf8-bytes.js';
import { InFlightCalls, isQueryCall, requestKey, type UpstreamAnswer, type Waiter } from './upstream-sharing.js';
import {
  abortError,
  clientLeft,
  clientLeftError,
  clientResponse,
  whenAborted,
  whenClientLeaves,
  withClient,
} from './upstream-waiters.js';

/** Request options as the runtime passes them (headers already a plain record). */
export type UpstreamInit = Omit<RequestInit, 'headers'> & { headers?: Record<string, string> };

/** The runtime's fetch: `context` is the call's server context, `info` carries its execution request. */
export type UpstreamFetch = (url: string, init?: UpstreamInit, context?: unknown, info?: unknown) => Promise<Response>;

/**
 * Most bytes one subgraph answer may hold once decoded. Subgraphs include partners' (federated CRMs): an answer past
 * this — or a small compressed body that inflates past it — fails that call instead of filling the gateway's memory.
 * Vigil's own largest answers (an introspection, a full page of events) are well under a megabyte; query cost
 * limits bound what a legitimate answer can hold.
 */
export const MAX_UPSTREAM_ANSWER_BYTES = 32 * 1024 * 1024;

/** A subgraph answer over {@link MAX_UPSTREAM_ANSWER_BYTES}: the call fails, the client sees a masked error. */
export class UpstreamAnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The subgraph's answer is larger than ${limit} bytes.`);
    this.name = 'UpstreamAnswerTooLargeError';
  }
}

/** What the ponyfill asks for (Node 20: no zstd); sent unless the runtime set its own. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The runtime's fetch for subgraph GraphQL requests, over the gateway's keep-alive agents (ADR 103). A request
 * with a text body (every GraphQL request the transports send) goes straight to `http.request`, skipping the
 * ponyfill's Request object, header class and stream plumbing (ADR 112); anything else — a stream or binary body,
 * a header class instead of a record — still goes through `@whatwg-node/fetch`.
 *
 * The client leaving ends the upstream request: the runtime hands its fetch the call's server context, whose `res` is
 * the Node response of the client's request; when that closes before the answer was written, the upstream request
 * is destroyed and the fetch rejects with an AbortError. The runtime's own `upstreamCancellation` does the same
 * through the request's lazily made AbortSignal and `AbortSignal.any` on every call, at about 0.2–0.3 ms of CPU
 * per one-event call on the bench machine (ADR 112); a listener on the response costs next to nothing.
 *
 * Kept from the ponyfill: the abort signal (a runtime timeout or execution cancellation ends the upstream request
 * and rejects with the signal's reason), `accept-encoding` and decompression of gzip, deflate and br, a
 * `content-length` on the body, socket and stream errors as a rejected fetch. Not kept: following redirects. A
 * subgraph URL is configured, and a redirect would resend the signed identity in the body to wherever the
 * `location` points; a 3xx is answered as it came, which the transport then reports as a failed call.
 * The answer is read whole before the fetch resolves: GraphQL over HTTP answers here are single JSON documents
 * (no incremental delivery is planned, subscriptions use WebSockets). Added: the answer is capped at
 * `maxAnswerBytes` decoded (the ponyfill had no cap); the rare ponyfill path (a stream body, which the transports
 * never send) is not counted.
 *
 * Identical queries in flight at once share one upstream call and its answer's bytes (`inFlight`,
 * upstream-sharing.ts, ADR 133); each call still gets its own Response, and leaves the shared call alone when its
 * client leaves.
 */
export function fetchOverAgents(agents: UpstreamAgents, maxAnswerBytes = MAX_UPSTREAM_ANSWER_BYTES): UpstreamFetch {
  const inFlight = new InFlightCalls();
  return (url, init = {}, context, info) => {
    const { body, headers } = init;
    const client = clientResponse(context);
    const plain = (body === undefined || body === null || typeof body === 'string') && !isHeaderClass(headers);
    if (!plain || !/^https?:/.test(url)) {
      const signal = client ? withClient(init.signal ?? undefined, client) : init.signal;
      return ponyfillFetch(url, { ...init, signal, agent: agents.for(url) } as RequestInit);
    }
    const text = body ?? undefined;
    const method = init.method ?? 'GET';
    const waiter: Waiter = { signal: init.signal ?? undefined, client };
    if (text !== undefined && method === 'POST' && isQueryCall(info)) {
      const send = (signal: AbortSignal) => leanFetch(url, method, init.headers, text, agents, { signal }, maxAnswerBytes);
      return inFlight.join(requestKey(url, method, init.headers, text), send, waiter).then(responseOf);
    }
    return leanFetch(url, method, init.headers, text, agents, waiter, maxAnswerBytes).then(responseOf);
  };
}

/** A Response of its own for one call: the transport reads (and parses) each call's answer by itself. */
function responseOf(answer: UpstreamAnswer): Response {
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

function isHeaderClass(headers: unknown): boolean {
  return headers !== undefined && headers !== null && (Array.isArray(headers) || typeof (headers as Headers).get === 'function');
}

function leanFetch(
  url: string,
  method: string,
  headers: Record<string, string> | undefined,
  body: string | undefined,
  agents: UpstreamAgents,
  { signal, client }: Waiter,
  maxAnswerBytes: number,
): Promise<UpstreamAnswer> {
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal.reason));
    if (client && clientLeft(client)) return reject(clientLeftError());
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    // Encoded once: measuring the text for Content-Length and writing it would each run the slow UTF-8 writer.
    const sent = body === undefined ? undefined : utf8Bytes(body);
    const request = send(url, {
      method,
      headers: requestHeaders(headers, sent),
      agent: agents.for(url),
    });
    let settled = false;
    const stopWaiting = () => {
      stopWaitingAbort?.();
      stopWaitingClient?.();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stopWaiting();
      request.destroy();
      reject(error);
    };
    const stopWaitingAbort = signal && whenAborted(signal, () => fail(abortError(signal.reason)));
    const stopWaitingClient = client && whenClientLeaves(client, () => fail(clientLeftError()));
    request.once('error', fail);
    request.once('response', (response: IncomingMessage) => {
      // A declared length over the cap fails before a byte is read; the count below catches the rest (no length,
      // a false one, a compressed body that inflates past it).
      if (Number(response.headers['content-length'] ?? 0) > maxAnswerBytes) {
        return fail(new UpstreamAnswerTooLargeError(maxAnswerBytes));
      }
      const stream = decoded(response);
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxAnswerBytes) {
          stream.destroy();
          return fail(new UpstreamAnswerTooLargeError(maxAnswerBytes));
        }
        chunks.push(chunk);
      });
      stream.once('error', fail);
      // A socket closed before the last byte (Node also emits ECONNRESET "aborted" as an error): a failed call.
      response.once('close', () => {
        if (!response.complete) fail(new Error('aborted'));
      });
      stream.once('end', () => {
        if (settled) return;
        settled = true;
        stopWaiting();
        const status = response.statusCode ?? 200;
        resolve({
          status,
          statusText: response.statusMessage || STATUS_CODES[status] || '',
          headers: responseHeaders(response),
          body: bytes(chunks),
        });
      });
    });
    request.end(sent);
  });
}

/** The chunks as one byte view (Node's buffers sit on plain ArrayBuffers; the DOM type only wants that said). */
function bytes(chunks: Buffer[]): Uint8Array<ArrayBuffer> {
  const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  return new Uint8Array(whole.buffer as ArrayBuffer, whole.byteOffset, whole.byteLength);
}

function requestHeaders(given: Record<string, string> | undefined, body: Uint8Array | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name in given) headers[name.toLowerCase()] = given[name];
  headers['accept-encoding'] ??= ACCEPT_ENCODING;
  headers['user-agent'] ??= 'node';
  if (body !== undefined) {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    headers['content-length'] = body.byteLength;
  }
  return headers;
}

/** The answer's headers, without the ones that described the encoded body (it is handed over decoded). */
function responseHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const encoded = response.headers['content-encoding'] !== undefined;
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || (encoded && (name === 'content-encoding' || name === 'content-length'))) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decoded(response: IncomingMessage): Readable {
  const decoder = decoderFor(response.headers['content-encoding']);
  if (!decoder) return response;
  response.once('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function decoderFor(encoding: string | undefined): (Readable & NodeJS.WritableStream) | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
    case 'x-deflate':
      return createInflate();
    case 'deflate-raw':
    case 'x-deflate-raw':
      return createInflateRaw();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}
