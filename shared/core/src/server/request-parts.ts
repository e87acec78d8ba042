import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendBodyTooLarge } from './http-body.js';
import { graphqlErrorBody, sendJson } from './http-response.js';

/** The gateway's request id when it looks like one (it ends up in every log line), else a fresh one. */
export function requestIdFrom(headers: Record<string, string | undefined>): string {
  const given = headers['x-request-id'];
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** graphql-ws connection params as lower-case header names, string values only (what the verifier reads). */
export function lowercaseParams(params: Readonly<Record<string, unknown>> | undefined): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The request's JSON body (undefined when empty), or `null` after answering 413 (over `maxBytes`) or 400 (not
 * JSON) itself.
 */
export async function readJsonBody(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
): Promise<{ readonly body: unknown } | null> {
  try {
    const raw = await readBody(request, maxBytes);
    return { body: raw.length > 0 ? JSON.parse(raw) : undefined };
  } catch (err) {
    if (err instanceof BodyTooLargeError) sendBodyTooLarge(response, maxBytes);
    else sendJson(response, 400, graphqlErrorBody('Request body is not valid JSON', 'BAD_REQUEST'));
    return null;
  }
}
