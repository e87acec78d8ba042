/**
 * Document text is bounded before anything parses it: nesting (the parser recurses; ~2,000 levels overflowed its
 * stack: a 500 and an error log per request) and tokens (parse and validation time grow with them). Refused with
 * 400 and a code, over HTTP and graphql-ws; what lies in strings and comments does not count; ordinary operations
 * pass untouched.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_NESTING, MAX_DOCUMENT_TOKENS, MAX_VALUE_NESTING } from '../src/plugins/document-bounds.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { token } from './fixtures/tokens.js';

const graph = useFixtureGraph();

const nested = (levels: number) => `{ ${'accounts { '.repeat(levels)}id${' }'.repeat(levels)} }`;

describe('document bounds', () => {
  it('refuses text nested past the bound with QUERY_TOO_DEEP (2,000 levels crashed the parser before)', async () => {
    const gateway = await graph.startGateway();
    for (const levels of [MAX_DOCUMENT_NESTING, 2_000, 20_000]) {
      const answer = await post(gateway.url, nested(levels), { token: await token() });
      expect(answer.status, `${levels} levels`).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
      expect(answer.body.errors?.[0]?.message).toContain(`more than ${MAX_DOCUMENT_NESTING} levels`);
    }
    // Nested arguments count too: a list value 100 brackets deep.
    const listy = await post(gateway.url, `{ accounts(ids: ${'['.repeat(100)}1${']'.repeat(100)}) { id } }`, {
      token: await token(),
    });
    expect(listy.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuses more tokens than the bound with QUERY_TOO_COMPLEX, before parsing or validating them', async () => {
    const gateway = await graph.startGateway();
    const wide = `{ ${'accounts { id } '.repeat(Math.ceil(MAX_DOCUMENT_TOKENS / 4) + 1)}}`;
    const answer = await post(gateway.url, wide, { token: await token() });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(answer.body.errors?.[0]?.message).toContain(`more than ${MAX_DOCUMENT_TOKENS} tokens`);
  });

  it('does not count braces inside strings, block strings and comments; ordinary operations pass', async () => {
    const gateway = await graph.startGateway();
    const braces = '{'.repeat(MAX_DOCUMENT_NESTING + 10);
    const quoted = `# ${braces}\nquery Q($s: ID! = "${braces}") { account(id: $s) { id } accounts { id } }`;
    const answer = await post(gateway.url, quoted, { token: await token() });
    expect(answer.body.errors?.find((error) => error.extensions?.code === 'QUERY_TOO_DEEP')).toBeUndefined();
    expect(answer.body.data?.accounts).toBeDefined();
    const ordinary = await post(gateway.url, '{ accounts { id } }', { token: await token() });
    expect(ordinary.body.errors).toBeUndefined();
    // Still a syntax error where the text is not GraphQL at all: the parser reports it, as before.
    const broken = await post(gateway.url, '{ accounts { id } "unterminated', { token: await token() });
    expect(broken.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses variables or extensions nested past the bound (5,000 levels overflowed a subgraph before)', async () => {
    const gateway = await graph.startGateway();
    /** JSON text of a value `levels` deep (built as text: JSON.stringify itself recurses). */
    const deepValue = (levels: number): string => {
      let text = '1';
      for (let level = 0; level < levels; level += 1) text = level % 2 === 0 ? `{"a":${text}}` : `[${text}]`;
      return text;
    };
    const send = async (fields: string) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: `{"query":"query ($v: ID! = \\"acc-1\\") { account(id: $v) { id } accounts { id } }",${fields}}`,
      });
      return {
        status: response.status,
        body: (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] },
      };
    };
    for (const fields of [`"variables":{"v":${deepValue(5_000)}}`, `"extensions":{"deep":${deepValue(MAX_VALUE_NESTING + 1)}}`]) {
      const refused = await send(fields);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', maxNesting: MAX_VALUE_NESTING });
    }
    // At the bound: not refused for its nesting (the extension is ignored, the query answers).
    const within = await send(`"extensions":{"deep":${deepValue(MAX_VALUE_NESTING)}}`);
    expect(within.status).toBe(200);
    expect(within.body.errors).toBeUndefined();
  });

  it('answers an anonymous caller 401 before its document is parsed or validated, whatever the document', async () => {
    const gateway = await graph.startGateway();
    // Many repeated fields (within the bounds, costly to validate), too deep, and plain invalid: all 401 alike.
    for (const query of [`{ ${'alerts { nope } '.repeat(700)}}`, nested(2_000), '{ nope }']) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses a deeply nested subscription over graphql-ws with the same error, not an internal one', async () => {
    const gateway = await graph.startGateway();
    const { client } = wsClient(gateway.url, await token({ sub: 'wall-deep' }));
    try {
      const deep = `subscription { alertRaised { ${'id { '.repeat(3_000)}x${' }'.repeat(3_000)} } }`;
      // The refusal arrives as the operation's one result (a `next` with errors, then `complete`).
      const errors = await client
        .iterate({ query: deep })
        .next()
        .then(
          (first) => (first.value as { errors?: readonly { extensions?: Record<string, unknown> }[] } | undefined)?.errors,
          (error: unknown) => error as readonly { extensions?: Record<string, unknown> }[],
        );
      expect(errors?.length).toBe(1);
      expect(errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    } finally {
      await client.dispose();
    }
  });
});
