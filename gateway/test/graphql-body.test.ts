/**
 * The GraphQL request body as the gateway hands it to the runtime (graphql-http.ts, ADR 109): a JSON object goes in
 * already parsed, everything else as the bytes sent. The answers below were recorded from the gateway before that
 * change (every body handed over as a one-chunk stream), so the runtime's own parsing and refusals are unchanged.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyForRuntime } from '../src/graphql-http.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();

describe('bodyForRuntime', () => {
  it('hands over a non-empty JSON object parsed, for either JSON media type and with parameters', () => {
    const body = '{"query":"{ accounts { id } }","variables":{"name":"Ünïcode ☃"}}';
    const parsed = { query: '{ accounts { id } }', variables: { name: 'Ünïcode ☃' } };
    expect(bodyForRuntime('application/json', body)).toEqual(parsed);
    expect(bodyForRuntime('application/json; charset=utf-8', body)).toEqual(parsed);
    expect(bodyForRuntime('application/graphql+json', body)).toEqual(parsed);
    expect(bodyForRuntime('application/json, text/plain', body)).toEqual(parsed);
  });

  it('hands over anything else as the text sent, for the runtime to parse or refuse', async () => {
    const asSent = async (contentType: string | undefined, body: string) => {
      const handed = bodyForRuntime(contentType, body);
      expect(handed).toBeInstanceOf(Readable);
      const chunks: string[] = [];
      for await (const chunk of handed as Readable) chunks.push(String(chunk));
      return chunks.join('');
    };
    for (const body of ['{"query": ', '{}', '[]', '[{"query":"{ a }"}]', '"x"', 'null', '42'])
      expect(await asSent('application/json', body)).toBe(body);
    for (const contentType of [undefined, 'text/plain', 'application/jsonx', 'text/plain, application/json'])
      expect(await asSent(contentType, '{"query":"{ a }"}')).toBe('{"query":"{ a }"}');
  });
});

describe('GraphQL bodies through the gateway, answered as before', () => {
  const send = async (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${await token()}` },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
  };
  const refused = (message: string, extensions: Record<string, unknown> = {}) => ({
    errors: [{ message, extensions: { code: 'BAD_REQUEST', ...extensions } }],
  });

  it('runs a JSON object, variables and non-ASCII text included, for both JSON media types', async () => {
    const gateway = await graph.startGateway();
    const query = 'query ($b: Boolean!) { accounts @include(if: $b) { id } } # Ünïcode ☃';
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/graphql+json']) {
      const answer = await send(gateway.url, JSON.stringify({ query, variables: { b: true } }), { 'content-type': contentType });
      expect(answer).toEqual({ status: 200, body: { data: { accounts: [{ id: 'acc-1' }, { id: 'acc-2' }] } } });
    }
    const skipped = await send(gateway.url, JSON.stringify({ query, variables: { b: false } }));
    expect(skipped).toEqual({ status: 200, body: { data: {} } });
  });

  it('refuses what the runtime refused, with the same status and answer', async () => {
    const gateway = await graph.startGateway();
    const badJson = (text: string) =>
      refused('POST body sent invalid JSON.', {
        originalError: { name: 'SyntaxError', message: `Unexpected end of JSON input, "${text}" is not valid JSON` },
      });
    const cases: [string, number, unknown][] = [
      ['{"query": ', 400, badJson('{"query": ')],
      ['', 400, badJson('')],
      ['{}', 200, refused('Must provide query string.')],
      ['"x"', 400, refused('POST body is expected to be object but received string')],
      ['42', 400, refused('POST body is expected to be object but received number')],
      ['null', 400, refused('POST body is expected to be object but received null')],
      ['[]', 400, refused('Batching is not supported.')],
      ['[{"query":"{ accounts { id } }"}]', 400, refused('Batching is not supported.')],
    ];
    for (const [sent, status, answer] of cases) {
      const { status: got, body } = await send(gateway.url, sent);
      expect({ sent, status: got, answer: body }).toEqual({ sent, status, answer });
    }
    // Not JSON by content type: the CSRF check refuses it before any parsing, as before.
    const form = await send(gateway.url, '{"query":"{ accounts { id } }"}', { 'content-type': 'text/plain' });
    expect(form.status).toBe(403);
    expect(form.body).toMatchObject({ errors: [{ extensions: { code: 'CSRF_HEADER_REQUIRED' } }] });
  });
});
