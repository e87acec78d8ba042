import { Response } from '@whatwg-node/fetch';
import { utf8Bytes } from './utf8-bytes.js';

/**
 * The runtime's `Response`, except that a text body with an explicit content type is held as its UTF-8 bytes.
 * GraphQL answers are built as one JSON string; held as text, the Node adapter measures it for Content-Length
 * and then encodes it again while writing it to the socket — both slow on the large string JSON.stringify
 * returns (docs/adr/101-gateway-throughput.md); the one pass left is `utf8Bytes`' (ADR 158). The bytes on the
 * wire, the status and the headers are unchanged. A text body without a content type is left as it is: the Fetch
 * standard gives it `text/plain;charset=UTF-8`.
 */
export class Utf8BodyResponse extends Response {
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    super(typeof body === 'string' && hasContentType(init?.headers) ? utf8Bytes(body) : body, init);
  }
}

function hasContentType(headers: HeadersInit | undefined): boolean {
  if (!headers) return false;
  if (Array.isArray(headers)) return headers.some(([name]) => name?.toLowerCase() === 'content-type');
  if (typeof (headers as Headers).has === 'function') return (headers as Headers).has('content-type');
  return Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
}
