import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import { as, startAccounts } from './harness.js';

const { accounts, agents } = DEMO_SEED;
const ACCOUNT_FIELDS = 'id tenantId displayName email phone status riskScore contactChannels { type address alertsOptedOut }';

describe('accounts subgraph', () => {
  let subgraph: Awaited<ReturnType<typeof startAccounts>>;
  beforeAll(async () => {
    subgraph = await startAccounts();
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  describe('contact details by role', () => {
    const query = `query ($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`;

    it('masks email, phone and channel addresses for an AGENT', async () => {
      const { data, errors } = await subgraph.call(as(['AGENT']), query, { id: accounts.jordan });
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
        const { data } = await subgraph.call(as([role]), query, { id: accounts.jordan });
        expect(data?.account).toMatchObject({ email: 'jordan.rivera@example.com', phone: '+15555550123' });
      }
    });

    it('denies the INGEST service principal reading accounts at all (PARTNER: see test/partner-crm.test.ts)', async () => {
      const { data, errors } = await subgraph.call(as(['INGEST']), query, { id: accounts.jordan });
      expect(data?.account ?? null).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('tenant isolation', () => {
    const acmeAgent = as(['AGENT'], ['acme']);
    const acmeAdmin = as(['ADMIN'], ['acme']);

    it('returns null for an account of another tenant', async () => {
      const { data, errors } = await subgraph.call(acmeAdmin, `{ account(id: "${accounts.jordan}") { id email } }`);
      expect(errors).toBeUndefined();
      expect(data?.account).toBeNull();
    });

    it('refuses to list another tenant’s accounts or agents with FORBIDDEN', async () => {
      const list = await subgraph.call(acmeAdmin, '{ accounts(tenantId: "demo") { edges { node { id } } } }');
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const staff = await subgraph.call(acmeAdmin, '{ agents(tenantId: "demo") { id } }');
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
      const { data, errors } = await subgraph.call(acmeAgent, query, { r: representations });
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
      const { errors } = await subgraph.call(
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
    subgraph.db.commands.reset();
    const { data, errors } = await subgraph.call(
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
    expect(subgraph.db.commands.count('find', 'accounts')).toBe(1);
  });

  it('pages a tenant’s accounts with cursors', async () => {
    const query =
      'query ($after: String) { accounts(tenantId: "demo", first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const first = (await subgraph.call(as(['AGENT']), query)).data?.accounts as Page;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await subgraph.call(as(['AGENT']), query, { after: first.pageInfo.endCursor })).data?.accounts as Page;
    const ids = [...first.edges, ...second.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([accounts.jordan, accounts.priya, accounts.sam]));
    expect(ids).not.toContain(accounts.alex);

    const tooMany = await subgraph.call(as(['AGENT']), '{ accounts(tenantId: "demo", first: 1000) { edges { cursor } } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await subgraph.call(as(['AGENT']), '{ accounts(tenantId: "demo", after: "nope") { edges { cursor } } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('account mutations', () => {
    const create =
      'mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id tenantId email status contactChannels { type address } } }';
    const input = { tenantId: 'demo', displayName: 'Robin Park', email: 'robin.park@example.com', phone: '+15555550999' };

    it('lets a SUPERVISOR create an account, with default contact channels', async () => {
      const { data, errors } = await subgraph.call(as(['SUPERVISOR']), create, { input });
      expect(errors).toBeUndefined();
      expect(data?.createAccount).toMatchObject({ tenantId: 'demo', email: 'robin.park@example.com', status: 'ACTIVE' });
      expect((data?.createAccount as { contactChannels: unknown[] }).contactChannels).toEqual([
        { type: 'EMAIL', address: 'robin.park@example.com' },
        { type: 'SMS', address: '+15555550999' },
      ]);
    });

    it('answers CONFLICT for a second account with the same email in the tenant', async () => {
      const { errors } = await subgraph.call(as(['SUPERVISOR']), create, {
        input: { ...input, email: 'Jordan.Rivera@example.com' },
      });
      expect(errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const updated = await subgraph.call(
        as(['SUPERVISOR']),
        `mutation { updateAccount(id: "${accounts.sam}", input: { email: "JORDAN.RIVERA@example.com" }) { id } }`,
      );
      expect(updated.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('answers BAD_USER_INPUT for invalid or oversized input', async () => {
      const bad = await subgraph.call(as(['SUPERVISOR']), create, { input: { ...input, email: 'not-an-email', phone: '555' } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const long = await subgraph.call(as(['SUPERVISOR']), create, { input: { ...input, displayName: 'x'.repeat(500) } });
      expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('forbids an AGENT to create or update accounts', async () => {
      const created = await subgraph.call(as(['AGENT']), create, { input: { ...input, email: 'agent.made@example.com' } });
      expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const updated = await subgraph.call(
        as(['AGENT']),
        `mutation { updateAccount(id: "${accounts.priya}", input: { status: LOCKED }) { id } }`,
      );
      expect(updated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('updates status and opt-outs, and never reopens a CLOSED account', async () => {
      const update =
        'mutation ($id: ID!, $input: UpdateAccountInput!) { updateAccount(id: $id, input: $input) { id status contactChannels { type alertsOptedOut } } }';
      const locked = await subgraph.call(as(['ADMIN']), update, {
        id: accounts.priya,
        input: {
          status: 'LOCKED',
          contactChannels: [{ type: 'EMAIL', address: 'priya.natarajan@example.com', verified: true, alertsOptedOut: true }],
        },
      });
      expect(locked.errors).toBeUndefined();
      expect(locked.data?.updateAccount).toEqual({
        id: accounts.priya,
        status: 'LOCKED',
        contactChannels: [{ type: 'EMAIL', alertsOptedOut: true }],
      });

      const closed = await subgraph.call(as(['ADMIN']), update, { id: accounts.priya, input: { status: 'CLOSED' } });
      expect(closed.errors).toBeUndefined();
      const reopened = await subgraph.call(as(['ADMIN']), update, { id: accounts.priya, input: { status: 'ACTIVE' } });
      expect(reopened.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('answers NOT_FOUND when updating an account that is not there', async () => {
      const { errors } = await subgraph.call(
        as(['ADMIN']),
        'mutation { updateAccount(id: "acc-nope", input: { riskScore: 10 }) { id } }',
      );
      expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('tenants and agents', () => {
    it('lets an ADMIN create a tenant they administer, and nobody else', async () => {
      const mutation =
        'mutation ($input: CreateTenantInput!) { createTenant(input: $input) { id name settings { timezone lockoutThreshold } } }';
      const input = { id: 'globex', name: 'Globex Health', settings: { timezone: 'Europe/Paris' } };
      const bySupervisor = await subgraph.call(as(['SUPERVISOR'], ['globex']), mutation, { input });
      expect(bySupervisor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const byOtherAdmin = await subgraph.call(as(['ADMIN'], ['demo']), mutation, { input });
      expect(byOtherAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const created = await subgraph.call(as(['ADMIN'], ['globex']), mutation, { input });
      expect(created.data?.createTenant).toEqual({
        id: 'globex',
        name: 'Globex Health',
        settings: { timezone: 'Europe/Paris', lockoutThreshold: 5 },
      });
      const again = await subgraph.call(as(['ADMIN'], ['globex']), mutation, { input });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const badSlug = await subgraph.call(as(['ADMIN'], ['Bad Slug']), mutation, { input: { ...input, id: 'Bad Slug' } });
      expect(badSlug.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('lets an ADMIN create agents and a SUPERVISOR list them; agents see colleagues’ emails masked', async () => {
      const created = await subgraph.call(
        as(['ADMIN']),
        'mutation { createAgent(input: { displayName: "Nia New", email: "nia@vigil.example", roles: [AGENT], tenantIds: ["demo"] }) { id roles availability } }',
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createAgent).toMatchObject({ roles: ['AGENT'], availability: 'OFFLINE' });

      const listed = await subgraph.call(as(['SUPERVISOR']), '{ agents(tenantId: "demo") { displayName } }');
      expect((listed.data?.agents as { displayName: string }[]).map((agent) => agent.displayName)).toContain('Nia New');
      const byAgent = await subgraph.call(as(['AGENT']), '{ agents(tenantId: "demo") { displayName } }');
      expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const colleague = await subgraph.call(as(['AGENT']), `{ agent(id: "${agents.supervisor}") { displayName email } }`);
      expect(colleague.data?.agent).toEqual({ displayName: 'Sasha Supervisor', email: 'a***@vigil.example' });
    });

    it('lets an agent read itself and set its own availability', async () => {
      const me = as(['AGENT'], ['demo'], agents.agent);
      const set = await subgraph.call(me, 'mutation { setMyAvailability(availability: BUSY) { id availability } }');
      expect(set.data?.setMyAvailability).toEqual({ id: agents.agent, availability: 'BUSY' });
      const read = await subgraph.call(me, '{ me { id displayName availability } }');
      expect(read.data?.me).toEqual({ id: agents.agent, displayName: 'Fran Floor', availability: 'BUSY' });
    });
  });

  it('publishes a federation SDL with @key on Account, Agent and Tenant', async () => {
    const { data } = await subgraph.call(as(['AGENT']), '{ _service { sdl } }');
    const sdl = (data?._service as { sdl: string }).sdl;
    for (const type of ['Account', 'Agent', 'Tenant']) {
      expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "id"\\)`));
    }
  });
});
