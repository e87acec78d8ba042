import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Utf8BodyResponse } from '../src/utf8-body-response.js';
import { utf8Bytes } from '../src/utf8-bytes.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();
const nonAscii = 'é✓ 名前';

/** Raw POST: the bytes as sent and the declared Content-Length, without a client that would repair a mismatch. */
function rawPost(
  url: string,
  body: string,
  authorization: string,
): Promise<{ status: number; length: string | undefined; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], bytes: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('answers sent as UTF-8 bytes', () => {
  it('declares the byte length, not the character count, of an answer with non-ASCII text', async () => {
    const gateway = await graph.startGateway();
    const query = 'query ($b: Boolean!) { __typename @include(if: $b) }';
    const { length, bytes } = await rawPost(
      gateway.url,
      JSON.stringify({ query, variables: { b: nonAscii } }),
      `Bearer ${await token()}`,
    );
    const text = bytes.toString('utf8');
    expect(text).toContain(nonAscii);
    expect(Number(length)).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThan(text.length);
    const body = JSON.parse(text) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toContain(nonAscii);
  });

  it('holds a typed text body as bytes and leaves an untyped one to the Fetch default', async () => {
    const typed = new Utf8BodyResponse(nonAscii, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(typed.headers.get('content-length')).toBe(String(Buffer.byteLength(nonAscii)));
    expect(await typed.text()).toBe(nonAscii);
    const untyped = new Utf8BodyResponse(nonAscii);
    expect(untyped.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(await untyped.text()).toBe(nonAscii);
  });

  it('encodes exactly as TextEncoder does, ASCII or not, into a buffer of its own (ADR 158)', () => {
    const texts = ['', 'a', '{"data":{"users":[]}}', 'é', `${'x'.repeat(5000)}é`, `é${'x'.repeat(5000)}`, nonAscii];
    texts.push('😀 at the end 😀', 'lone \ud800 surrogate', 'ends on a lone \udc00', '\u007f\u0080\u07ff\u0800\uffff');
    for (const text of texts) {
      const bytes = utf8Bytes(text);
      expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    }
  });
});
