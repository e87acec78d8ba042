import { describe, expect, it } from 'vitest';
import { post } from './fixtures/gateway-client.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { token } from './fixtures/tokens.js';

// useOperationLimits measures a document once when its figures do not read variables; these check that the
// remembered figures never let through what a fresh measurement would refuse.
const graph = useFixtureGraph();

describe('operation limits measured once per document', () => {
  it('refuses the same over-deep document every time it is sent', async () => {
    const gateway = await graph.startGateway({ limits: { maxDepth: 2, maxCost: 200 } });
    const deep = '{ alerts { account { id } } }';
    for (let i = 0; i < 3; i += 1) {
      const { body } = await post(gateway.url, deep, { token: await token() });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 3 });
    }
  });

  it('measures each operation of one document on its own', async () => {
    const gateway = await graph.startGateway({ limits: { maxDepth: 5, maxCost: 20 } });
    const document = 'query Cheap { accounts(first: 2) { id } } query Costly { accounts(first: 50) { id } }';
    const send = async (operationName: string) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: JSON.stringify({ query: document, operationName }),
      });
      return (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    };
    expect((await send('Cheap')).errors).toBeUndefined();
    expect((await send('Costly')).errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 51 });
    expect((await send('Cheap')).errors).toBeUndefined();
    expect((await send('Costly')).errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('measures again when a list size comes from a variable: a cheap call first does not admit a costly one', async () => {
    const gateway = await graph.startGateway({ limits: { maxDepth: 5, maxCost: 20 } });
    const query = 'query ($n: Int) { accounts(first: $n) { id } }';
    for (const n of [2, 50, 2, 50]) {
      const { body } = await post(gateway.url, query, { token: await token(), variables: { n } });
      if (n === 2) expect(body.errors).toBeUndefined();
      else expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 51 });
    }
  });
});
