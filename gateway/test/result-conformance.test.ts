import { describe, expect, it } from 'vitest';
import { post } from './fixtures/gateway-client.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { token } from './fixtures/tokens.js';

// What useSpecConformantResults puts back on top of the Rust planner's executor (ADR 101).
const graph = useFixtureGraph();

describe('results as the GraphQL spec shapes them', () => {
  it('answers data: {} when every root field is skipped', async () => {
    const gateway = await graph.startGateway();
    const { body } = await post(gateway.url, 'query ($b: Boolean!) { accounts @include(if: $b) { id } }', {
      token: await token(),
      variables: { b: false },
    });
    expect(body).toEqual({ data: {} });
  });

  // Last in this file: it stops the accounts subgraph (the fixture's afterAll stops it again harmlessly).
  it('names the list item in the path of an entity fetch that failed below a list', async () => {
    const gateway = await graph.startGateway();
    await graph.accounts.stop();
    const { status, body } = await post(gateway.url, '{ alerts { id account { id displayName } } }', { token: await token() });
    expect(status).toBe(200);
    expect(body.data?.alerts).toEqual([{ id: 'alert-0', account: null }]);
    expect(body.errors?.map((error) => error.path)).toEqual([['alerts', 0, 'account']]);
  });
});
