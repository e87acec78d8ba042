import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import { as, startAccounts } from './harness.js';

const { accounts, agents } = DEMO_SEED;
const ACCOUNT_FIELDS = 'id tenantId displayName email phone status riskScore contactChannels { type address alertsOptedOut }';

// Reads: masking by role, tenant isolation, entity batching, paging, SDL (writes: account-mutations.test.ts).
describe('accounts subgraph', () => {
  const subgraph = perSuite(startAccounts);

  describe('contact details by role', () => {
    const query = `query ($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`;

    it('masks email, phone and channel addresses for an AGENT', async () => {
      const { data, errors } = await subgraph().call(as(['AGENT']), query, { id: accounts.jordan });
      expect(errors).toBeUndefined();
      expect(data?.account).toMatchObject({
        displayName: 'Jordan Rivera',
        email: 'j***@example.com',
        phone: '+1******0123',
        status: 'ACTIVE',
      });
      const channels = (data?.account as { contactChannels: { type: string; address: string }[] }).contactChannels;
      expect(channels.find((channel) => channel.type === 'EMAIL')?.address).toBe('j***@example.com');
      expect(channels.find((channel) => channel.type === 'SMS')?.address).toBe('+1******0123');
      expect(JSON.stringify(data)).not.toContain('jordan.rivera@');
    });

    it('shows them whole to SUPERVISOR and ADMIN', async () => {
      for (const role of ['SUPERVISOR', 'ADMIN'] as const) {
        const { data } = await subgraph().call(as([role]), query, { id: accounts.jordan });
        expect(data?.account).toMatchObject({ email: 'jordan.rivera@example.com', phone: '+15555550123' });
      }
    });

    it('denies the INGEST service principal reading accounts at all (PARTNER: see test/partner-crm.test.ts)', async () => {
      const { data, errors } = await subgraph().call(as(['INGEST']), query, { id: accounts.jordan });
      expect(data?.account ?? null).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('tenant isolation', () => {
    const acmeAgent = as(['AGENT'], ['acme']);
    const acmeAdmin = as(['ADMIN'], ['acme']);

    it('returns null for an account of another tenant', async () => {
      const { data, errors } = await subgraph().call(acmeAdmin, `{ account(id: "${accounts.jordan}") { id email } }`);
      expect(errors).toBeUndefined();
      expect(data?.account).toBeNull();
    });

    it('refuses to list another tenant’s accounts or agents with FORBIDDEN', async () => {
      const list = await subgraph().call(acmeAdmin, '{ accounts(tenantId: "demo") { edges { node { id } } } }');
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const staff = await subgraph().call(acmeAdmin, '{ agents(tenantId: "demo") { edges { node { id } } } }');
      expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('resolves no entity of another tenant through _entities: its account answers exactly like one that does not exist', async () => {
      const query =
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id known displayName email tenantId } ... on Tenant { id name } ... on Agent { id agentName: displayName } } }';
      const representations = [
        { __typename: 'Account', id: accounts.jordan },
        { __typename: 'Account', id: accounts.alex },
        { __typename: 'Tenant', id: 'demo' },
        { __typename: 'Agent', id: agents.supervisor },
        { __typename: 'Account', id: 'acc-nobody' },
      ];
      const { data, errors } = await subgraph().call(acmeAgent, query, { r: representations });
      expect(errors).toBeUndefined();
      const unknown = (id: string) => ({ id, known: false, displayName: null, email: null, tenantId: null });
      expect(data?._entities).toEqual([
        unknown(accounts.jordan),
        { id: accounts.alex, known: true, displayName: 'Alex Chen', email: 'a***@example.org', tenantId: 'acme' },
        null,
        null,
        unknown('acc-nobody'),
      ]);
    });

    it('refuses to create an account in another tenant', async () => {
      const { errors } = await subgraph().call(
        as(['SUPERVISOR'], ['acme']),
        'mutation { createAccount(input: { tenantId: "demo", displayName: "X", email: "x@example.com" }) { id } }',
      );
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  it('batches entity lookups: many Account references make one find on accounts', async () => {
    const representations = [accounts.jordan, accounts.priya, accounts.sam, accounts.jordan, 'acc-missing'].map((id) => ({
      __typename: 'Account',
      id,
    }));
    subgraph().db.commands.reset();
    const { data, errors } = await subgraph().call(
      as(['SECURITY_ANALYST']),
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id displayName } } }',
      { r: representations },
    );
    expect(errors).toBeUndefined();
    expect((data?._entities as ({ displayName: string } | null)[]).map((entity) => entity?.displayName ?? null)).toEqual([
      'Jordan Rivera',
      'Priya Natarajan',
      'Sam Okafor',
      'Jordan Rivera',
      null,
    ]);
    expect(subgraph().db.commands.count('find', 'accounts')).toBe(1);
  });

  it('pages a tenant’s accounts with cursors', async () => {
    const query =
      'query ($after: String) { accounts(tenantId: "demo", first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const first = (await subgraph().call(as(['AGENT']), query)).data?.accounts as Page;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await subgraph().call(as(['AGENT']), query, { after: first.pageInfo.endCursor })).data?.accounts as Page;
    const ids = [...first.edges, ...second.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([accounts.jordan, accounts.priya, accounts.sam]));
    expect(ids).not.toContain(accounts.alex);

    const tooMany = await subgraph().call(as(['AGENT']), '{ accounts(tenantId: "demo", first: 1000) { edges { cursor } } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await subgraph().call(as(['AGENT']), '{ accounts(tenantId: "demo", after: "nope") { edges { cursor } } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages agents by name as a connection; first above 500 is BAD_USER_INPUT, not a silent cap', async () => {
    const query =
      'query ($after: String) { agents(tenantId: "demo", first: 2, after: $after) { edges { node { id displayName } } pageInfo { hasNextPage endCursor } } }';
    type Page = {
      edges: { node: { id: string; displayName: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    const supervisor = as(['SUPERVISOR']);
    const seen: { id: string; displayName: string }[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await subgraph().call(supervisor, query, after ? { after } : {});
      expect(answer.errors).toBeUndefined();
      const current = answer.data?.agents as Page;
      seen.push(...current.edges.map((edge) => edge.node));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor!;
    }
    const everyone = (await subgraph().call(supervisor, '{ agents(tenantId: "demo", first: 500) { edges { node { id } } } }'))
      .data?.agents as Page;
    expect(seen.map((agent) => agent.id).sort()).toEqual(everyone.edges.map((edge) => edge.node.id).sort());
    expect(seen.length).toBeGreaterThan(2);
    const names = seen.map((agent) => agent.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const tooMany = await subgraph().call(supervisor, '{ agents(tenantId: "demo", first: 501) { edges { cursor } } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await subgraph().call(
      supervisor,
      `{ agents(tenantId: "demo", after: "${Buffer.from('c:[1]').toString('base64url')}") { edges { cursor } } }`,
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('publishes a federation SDL with @key on Account, Agent and Tenant', async () => {
    const { data } = await subgraph().call(as(['AGENT']), '{ _service { sdl } }');
    const sdl = (data?._service as { sdl: string }).sdl;
    for (const type of ['Account', 'Agent', 'Tenant']) {
      expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "id"\\)`));
    }
  });
});
