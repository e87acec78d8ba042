import type { ServerResponse } from 'node:http';
import { closeIfUploadUnfinished } from './close-after-answer.js';

/** The error body every Vigil HTTP endpoint answers with: the GraphQL error shape, so clients parse one format. */
export function graphqlErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  closeIfUploadUnfinished(response);
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

/** `{ errors: [{ message, extensions: { code } }] }` with `status`; `message` must say what the caller can do. */
export function sendHttpError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, graphqlErrorBody(message, code));
}
