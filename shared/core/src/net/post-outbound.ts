import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { assertAddressAllowed, guardedLookup, OutboundAddressError, type OutboundAllowance } from './outbound.js';

const MAX_ANSWER_BYTES = 64 * 1024;

export interface OutboundPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly allowance: OutboundAllowance;
}

export interface OutboundAnswer {
  readonly status: number;
  /** At most 64 KiB of the answer's body. */
  readonly body: string;
}

/**
 * POSTs to a URL someone else chose (webhook, provider) only if every address it resolves to is allowed (see
 * outbound.ts): IP literals are checked here, names on the lookup the connection itself uses. Redirects are not
 * followed (a 3xx is an answer like any other), and only the first 64 KiB of the answer is read.
 */
export function postOutbound(post: OutboundPost): Promise<OutboundAnswer> {
  const url = new URL(post.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new OutboundAddressError(`Only http(s) URLs may be called, not ${url.protocol}`));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    if (isIP(host)) assertAddressAllowed(host, host, post.allowance);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    const request = send(url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: guardedLookup(post.allowance),
      timeout: post.timeoutMs,
    });
    request.once('timeout', () => request.destroy(new Error(`no answer from ${url.host} within ${post.timeoutMs} ms`)));
    request.once('error', reject);
    request.once('response', (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      answer.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        else answer.destroy();
      });
      const done = () => resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      answer.once('end', done);
      answer.once('close', done);
      answer.once('error', reject);
    });
    request.end(post.body);
  });
}
