import { describe, expect, it } from 'vitest';
import { walkPages } from '@vigil/testing';
import { DEMO_SEED, agent, supervisor } from './harness.js';
import { recoveryCasesPerSuite } from './flows.js';

const { accounts } = DEMO_SEED;
const MIN = 60_000;

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('recovery lists are connections (first/after, documented maximum)', () => {
  const suite = recoveryCasesPerSuite();

  const queue = (first: number, after?: string) =>
    suite.rc.call<{ recoveryCases: Page<{ id: string }> }>(
      supervisor,
      `query ($first: Int!, $after: String) {
        recoveryCases(filter: { tenantId: "demo", accountId: "${accounts.priya}" }, first: $first, after: $after) {
          edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      { first, ...(after ? { after } : {}) },
    );

  it('pages the queue newest first without losing or repeating a case, ties included', async () => {
    const opened: string[] = [];
    // Two cases share an opening time (the clock does not move): the id breaks the tie, so paging stays exact.
    for (const step of [0, 0, MIN]) {
      suite.rc.clock.advance(step);
      opened.push((await suite.steps.open(agent, accounts.priya, 'OTHER', 'EMAIL')).id);
    }
    const first = await queue(2);
    expect(first.errors).toBeUndefined();
    expect(first.data?.recoveryCases.edges).toHaveLength(2);
    expect(first.data?.recoveryCases.edges[0]?.node.id).toBe(opened[2]);
    expect(first.data?.recoveryCases.pageInfo.hasNextPage).toBe(true);

    const second = await queue(2, first.data!.recoveryCases.pageInfo.endCursor!);
    expect(second.errors).toBeUndefined();
    expect(second.data?.recoveryCases.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const seen = [...first.data!.recoveryCases.edges, ...second.data!.recoveryCases.edges].map((edge) => edge.node.id);
    expect(seen).toHaveLength(3);
    expect(new Set(seen)).toEqual(new Set(opened));
  });

  it('pages Account.recoveryCases in the queue order, ties included, and refuses a first above 200', async () => {
    const accountCases = (first: number, after?: string) =>
      suite.rc.call<{ _entities: { recoveryCases: Page<{ id: string }> }[] }>(
        supervisor,
        `query ($reps: [_Any!]!, $first: Int!, $after: String) { _entities(representations: $reps) {
          ... on Account { recoveryCases(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } } }`,
        { reps: [{ __typename: 'Account', id: accounts.priya }], first, ...(after ? { after } : {}) },
      );
    const whole = await queue(50);
    const queueOrder = whole.data!.recoveryCases.edges.map((edge) => edge.node.id);
    expect(queueOrder.length).toBeGreaterThanOrEqual(3);
    const seen = await walkPages(async (after) => {
      const page = await accountCases(2, after);
      expect(page.errors).toBeUndefined();
      return page.data!._entities[0]!.recoveryCases;
    }, queueOrder.length);
    expect(seen.map((node) => node.id)).toEqual(queueOrder);
    const refused = await accountCases(201);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: '1..200' } });
    const forged = await accountCases(2, 'definitely-not-a-cursor');
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a first above the maximum or below 1, and a cursor that is not one of ours, with BAD_USER_INPUT', async () => {
    for (const first of [201, 0]) {
      const refused = await queue(first);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: '1..200' } });
    }
    expect((await queue(200)).errors).toBeUndefined();
    const forged = await queue(2, Buffer.from('c:not-a-position').toString('base64url'));
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await queue(2, 'definitely-not-a-cursor');
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages SLA breaches and refuses a first above 200', async () => {
    const ids: string[] = [];
    for (const account of [accounts.jordan, accounts.sam]) {
      ids.push((await suite.steps.open(agent, account, 'OTHER', 'EMAIL', { priority: 'URGENT' })).id);
    }
    suite.rc.clock.advance(16 * MIN);
    const breaches = (first: number, after?: string) =>
      suite.rc.call<{ slaBreaches: Page<{ metric: string; recoveryCase: { id: string } }> }>(
        supervisor,
        `query ($first: Int!, $after: String) {
          slaBreaches(filter: { tenantId: "demo", metric: FIRST_RESPONSE, priority: URGENT }, first: $first, after: $after) {
            edges { node { metric recoveryCase { id } } } pageInfo { hasNextPage endCursor } } }`,
        { first, ...(after ? { after } : {}) },
      );
    const first = await breaches(1);
    expect(first.errors).toBeUndefined();
    expect(first.data?.slaBreaches.edges).toHaveLength(1);
    expect(first.data?.slaBreaches.pageInfo.hasNextPage).toBe(true);
    const rest = await breaches(50, first.data!.slaBreaches.pageInfo.endCursor!);
    expect(rest.errors).toBeUndefined();
    expect(rest.data?.slaBreaches.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.data!.slaBreaches.edges, ...rest.data!.slaBreaches.edges].map((edge) => edge.node.recoveryCase.id);
    expect(seen.sort()).toEqual([...ids].sort());
    expect((await breaches(201)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
