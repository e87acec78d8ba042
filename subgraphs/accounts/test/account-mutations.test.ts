import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import { as, startAccounts } from './harness.js';

const { accounts, agents } = DEMO_SEED;

// Writes: accounts, tenants and agents (reads, isolation and paging: accounts.test.ts).
describe('accounts subgraph', () => {
  const subgraph = perSuite(startAccounts);

  describe('account mutations', () => {
    const create =
      'mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id tenantId email status contactChannels { type address } } }';
    const input = { tenantId: 'demo', displayName: 'Robin Park', email: 'robin.park@example.com', phone: '+15555550999' };

    it('lets a SUPERVISOR create an account, with default contact channels', async () => {
      const { data, errors } = await subgraph().call(as(['SUPERVISOR']), create, { input });
      expect(errors).toBeUndefined();
      expect(data?.createAccount).toMatchObject({ tenantId: 'demo', email: 'robin.park@example.com', status: 'ACTIVE' });
      expect((data?.createAccount as { contactChannels: unknown[] }).contactChannels).toEqual([
        { type: 'EMAIL', address: 'robin.park@example.com' },
        { type: 'SMS', address: '+15555550999' },
      ]);
    });

    it('answers CONFLICT for a second account with the same email in the tenant', async () => {
      const { errors } = await subgraph().call(as(['SUPERVISOR']), create, {
        input: { ...input, email: 'Jordan.Rivera@example.com' },
      });
      expect(errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const updated = await subgraph().call(
        as(['SUPERVISOR']),
        `mutation { updateAccount(id: "${accounts.sam}", input: { email: "JORDAN.RIVERA@example.com" }) { id } }`,
      );
      expect(updated.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('answers BAD_USER_INPUT for invalid or oversized input', async () => {
      const bad = await subgraph().call(as(['SUPERVISOR']), create, { input: { ...input, email: 'not-an-email', phone: '555' } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const long = await subgraph().call(as(['SUPERVISOR']), create, { input: { ...input, displayName: 'x'.repeat(500) } });
      expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses a contact address that is more than one plain address of its channel, naming each', async () => {
      const channel = (type: string, address: string) => ({ type, address, verified: true });
      // A mail library reads the first as two recipients and the second as a Bcc header: codes and alerts would go
      // to whoever was written in.
      const hostile = [
        channel('EMAIL', 'robin@example.com, thief@example.net'),
        channel('EMAIL', 'robin@example.com\r\nBcc: thief@example.net'),
        channel('SMS', '+15555550123,+15555550999'),
        channel('VOICE', 'call me'),
        channel('PUSH', 'token with spaces'),
      ];
      const refused = await subgraph().call(as(['SUPERVISOR']), create, {
        input: { ...input, email: 'robin.hostile@example.com', contactChannels: hostile },
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys((refused.errors?.[0]?.extensions?.fields ?? {}) as object)).toEqual(
        hostile.map((_, i) => `contactChannels[${i}].address`),
      );
      const plain = [channel('EMAIL', 'robin.p@example.com'), channel('SMS', '+15555550123'), channel('PUSH', 'fcm:abc-123_x')];
      const created = await subgraph().call(as(['SUPERVISOR']), create, {
        input: { ...input, email: 'robin.plain@example.com', contactChannels: plain },
      });
      expect(created.errors).toBeUndefined();
      const updated = await subgraph().call(
        as(['SUPERVISOR']),
        'mutation ($id: ID!, $channels: [ContactChannelInput!]) { updateAccount(id: $id, input: { contactChannels: $channels }) { id } }',
        { id: (created.data?.createAccount as { id: string }).id, channels: [channel('EMAIL', 'a@example.com;b@example.com')] },
      );
      expect(updated.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(updated.errors?.[0]?.message).toMatch(/contactChannels\[0\]\.address must be one plain email address/);
      // The account's email becomes its default EMAIL channel: a quoted list passes GraphQL's email check, not this.
      const quoted = await subgraph().call(as(['SUPERVISOR']), create, {
        input: { ...input, email: '"robin,thief"@example.com' },
      });
      expect(quoted.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(quoted.errors?.[0]?.extensions?.fields).toEqual({ email: expect.stringMatching(/one plain email address/) });
    });

    it('forbids an AGENT to create or update accounts', async () => {
      const created = await subgraph().call(as(['AGENT']), create, { input: { ...input, email: 'agent.made@example.com' } });
      expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const updated = await subgraph().call(
        as(['AGENT']),
        `mutation { updateAccount(id: "${accounts.priya}", input: { status: LOCKED }) { id } }`,
      );
      expect(updated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('updates status and opt-outs, and never reopens a CLOSED account', async () => {
      const update =
        'mutation ($id: ID!, $input: UpdateAccountInput!) { updateAccount(id: $id, input: $input) { id status contactChannels { type alertsOptedOut } } }';
      const locked = await subgraph().call(as(['ADMIN']), update, {
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

      const closed = await subgraph().call(as(['ADMIN']), update, { id: accounts.priya, input: { status: 'CLOSED' } });
      expect(closed.errors).toBeUndefined();
      const reopened = await subgraph().call(as(['ADMIN']), update, { id: accounts.priya, input: { status: 'ACTIVE' } });
      expect(reopened.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(reopened.errors?.[0]?.extensions).toMatchObject({ state: 'CLOSED', requested: 'ACTIVE', allowedTransitions: [] });
    });

    it('answers NOT_FOUND when updating an account that is not there', async () => {
      const { errors } = await subgraph().call(
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
      const bySupervisor = await subgraph().call(as(['SUPERVISOR'], ['globex']), mutation, { input });
      expect(bySupervisor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const byOtherAdmin = await subgraph().call(as(['ADMIN'], ['demo']), mutation, { input });
      expect(byOtherAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const created = await subgraph().call(as(['ADMIN'], ['globex']), mutation, { input });
      expect(created.data?.createTenant).toEqual({
        id: 'globex',
        name: 'Globex Health',
        settings: { timezone: 'Europe/Paris', lockoutThreshold: 5 },
      });
      const again = await subgraph().call(as(['ADMIN'], ['globex']), mutation, { input });
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const badSlug = await subgraph().call(as(['ADMIN'], ['Bad Slug']), mutation, { input: { ...input, id: 'Bad Slug' } });
      expect(badSlug.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('lets an ADMIN create agents and a SUPERVISOR list them; agents see colleagues’ emails masked', async () => {
      const created = await subgraph().call(
        as(['ADMIN']),
        'mutation { createAgent(input: { displayName: "Nia New", email: "nia@vigil.example", roles: [AGENT], tenantIds: ["demo"] }) { id roles availability } }',
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createAgent).toMatchObject({ roles: ['AGENT'], availability: 'OFFLINE' });

      const listed = await subgraph().call(as(['SUPERVISOR']), '{ agents(tenantId: "demo") { edges { node { displayName } } } }');
      const names = (listed.data?.agents as { edges: { node: { displayName: string } }[] }).edges.map(
        (edge) => edge.node.displayName,
      );
      expect(names).toContain('Nia New');
      const byAgent = await subgraph().call(as(['AGENT']), '{ agents(tenantId: "demo") { edges { node { displayName } } } }');
      expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const colleague = await subgraph().call(as(['AGENT']), `{ agent(id: "${agents.supervisor}") { displayName email } }`);
      expect(colleague.data?.agent).toEqual({ displayName: 'Sasha Supervisor', email: 'a***@vigil.example' });
    });

    it('lets an agent read itself and set its own availability', async () => {
      const me = as(['AGENT'], ['demo'], agents.agent);
      const set = await subgraph().call(me, 'mutation { setMyAvailability(availability: BUSY) { id availability } }');
      expect(set.data?.setMyAvailability).toEqual({ id: agents.agent, availability: 'BUSY' });
      const read = await subgraph().call(me, '{ me { id displayName availability } }');
      expect(read.data?.me).toEqual({ id: agents.agent, displayName: 'Fran Floor', availability: 'BUSY' });
    });
  });
});
