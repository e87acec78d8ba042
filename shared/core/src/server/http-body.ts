import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { closeAfterAnswer } from './close-after-answer.js';
import { sendHttpError } from './http-response.js';

/** The request body exceeded the limit: answered with 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
  }
}

/** Whether the request declares (Content-Length) a body larger than `limitBytes`: refuse it without reading. */
export function declaresBodyOver(request: Pick<IncomingMessage, 'headers'>, limitBytes: number): boolean {
  return Number(request.headers['content-length'] ?? 0) > limitBytes;
}

/**
 * Reads the whole body, refusing past `limitBytes`: a declared Content-Length over the limit is refused before a
 * byte is read, and a chunked body is counted as it arrives and refused at the chunk that crosses the limit. The
 * rest is never read (the stream is paused, not destroyed, so the 413 can still go out on its socket: answer with
 * `sendBodyTooLarge`, which closes the connection after it).
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  if (declaresBodyOver(request, limitBytes)) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        stop();
        request.pause();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
  });
}

/**
 * A pass-through that fails with BodyTooLargeError once more than `limitBytes` went through it: put it between a
 * request and a streaming parser (NDJSON lines) so the cap holds for chunked bodies too.
 */
export function limitBodyBytes(limitBytes: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      received += chunk.length;
      if (received > limitBytes) callback(new BodyTooLargeError(limitBytes));
      else callback(null, chunk);
    },
  });
}

/**
 * 413 with the GraphQL error shape; the connection is closed after it, so the unread rest is never parsed — lingering,
 * so that a client still uploading reads the 413 rather than a reset (`closeAfterAnswer`).
 */
export function sendBodyTooLarge(response: ServerResponse, limitBytes: number): void {
  closeAfterAnswer(response);
  sendHttpError(
    response,
    413,
    'BAD_REQUEST',
    `Request body is larger than ${limitBytes} bytes; send less per request (split uploads into several).`,
  );
}

/** Node's headers lowercased with repeated values joined, as `verifyUpstreamIdentity` expects. */
export function flattenHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
