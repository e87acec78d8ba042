import { describe, expect, it } from 'vitest';
import { post } from './fixtures/gateway-client.js';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { token } from './fixtures/tokens.js';

// Identical subgraph requests in flight at once are sent once, and upstream signatures are reused per caller
// (ADR 101): callers with different identities must still never share an upstream answer.
const graph = useFixtureGraph();

describe('concurrent identical queries of different callers', () => {
  it('answers each caller with what the subgraphs computed for that caller', async () => {
    const gateway = await graph.startGateway();
    const query = '{ alerts { id seenBy account { id viewer } } }';
    const callers = [
      { sub: 'agent-a', roles: ['AGENT'], tenants: ['demo'] },
      { sub: 'agent-b', roles: ['AGENT'], tenants: ['demo'] },
      { sub: 'agent-a', roles: ['SUPERVISOR'], tenants: ['demo'] },
    ];
    const tokens = await Promise.all(callers.map((claims) => token(claims)));
    const before = graph.accounts.seen.length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => ({
        caller: callers[i % 3]!,
        answer: await post(gateway.url, query, { token: tokens[i % 3] }),
      })),
    );
    for (const { caller, answer } of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.alerts).toEqual([
        { id: 'alert-0', seenBy: caller.sub, account: { id: 'acc-1', viewer: caller.sub } },
      ]);
    }
    // The accounts subgraph saw every caller's own roles, never one caller's signature on another's request.
    const seen = graph.accounts.seen.slice(before);
    for (const caller of callers) {
      expect(seen).toContainEqual(
        expect.objectContaining({ subject: caller.sub, roles: caller.roles, tenantIds: caller.tenants }),
      );
    }
  });
});
