import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes } from './support/harness.js';

/** `alerts` is a Relay connection: keyset pages, newest first, documented limits, refused bad input. */
const analyst = identity(['SECURITY_ANALYST'], ['demo'], 'analyst-1');
const outsider = identity(['SECURITY_ANALYST'], ['acme'], 'analyst-9');

interface PageView {
  edges: { cursor: string; node: { id: string; raisedAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE = `query ($first: Int, $after: String) {
  alerts(first: $first, after: $after, filter: { tenantId: "demo" }) {
    edges { cursor node { id raisedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('alerts(first, after): Relay connection', () => {
  const harness = new AlertsHarness();
  const page = (variables: Record<string, unknown>, who = analyst) => harness.graphql<{ alerts: PageView }>(who, PAGE, variables);

  beforeAll(async () => {
    await harness.start();
    // Five brute-force alerts on five accounts.
    for (let account = 0; account < 5; account += 1) {
      await harness.record(
        ...Array.from({ length: 10 }, (_, i) => failedLogin(i, `page-${account}`, `198.51.100.${100 + account}`)),
      );
    }
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('walks every alert exactly once, newest first, two at a time, and says when it is done', async () => {
    const all = await page({ first: 200 });
    expect(all.errors).toBeUndefined();
    const everything = nodes(all.data?.alerts)?.map((alert) => alert.id);
    expect(everything).toHaveLength(5);

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const { data, errors } = await page({ first: 2, after });
      expect(errors).toBeUndefined();
      const connection = data?.alerts as PageView;
      seen.push(...connection.edges.map((edge) => edge.node.id));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(everything);
    const times = (nodes(all.data?.alerts) ?? []).map((alert) => Date.parse(alert.raisedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('refuses a first outside 1..200 with BAD_USER_INPUT naming the bound (never a silent cap)', async () => {
    for (const first of [0, 201, -1]) {
      const { data, errors } = await page({ first });
      expect(data?.alerts ?? null).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: '1..200' } });
    }
  });

  it('refuses a cursor it did not write', async () => {
    for (const after of ['not a cursor!', Buffer.from('no-colon-here').toString('base64url'), 'x'.repeat(500)]) {
      const { errors } = await page({ first: 2, after });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it("a cursor from another tenant's page shows the caller nothing of that tenant", async () => {
    const first = await page({ first: 1 });
    const cursor = first.data?.alerts.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const query = `query ($after: String) { alerts(first: 10, after: $after) { edges { node { id } } } }`;
    const { data, errors } = await harness.graphql<{ alerts: PageView }>(outsider, query, { after: cursor });
    expect(errors).toBeUndefined();
    expect(nodes(data?.alerts)).toEqual([]);
  });
});
