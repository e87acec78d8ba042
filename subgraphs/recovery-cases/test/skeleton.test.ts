import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, acmeAgent, agent, as, startRecoveryCases, supervisor } from './harness.js';

const { accounts, agents } = DEMO_SEED;
const OPEN = `mutation ($input: OpenRecoveryCaseInput!) {
  openRecoveryCase(input: $input) { id tenantId accountId status reason channel priority assigneeId }
}`;

describe('recovery-cases skeleton: cases per account and per agent, tenant scoped', () => {
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  let caseId: string;

  beforeAll(async () => {
    rc = await startRecoveryCases();
    const data = await rc.ok<{ openRecoveryCase: { id: string } }>(agent, OPEN, {
      input: { tenantId: 'demo', accountId: accounts.jordan, reason: 'LOCKED_OUT', channel: 'PHONE' },
    });
    caseId = data.openRecoveryCase.id;
  });
  afterAll(async () => {
    await rc?.stop();
  });

  it('answers 401 without the gateway signature', async () => {
    const response = await rc.call(undefined, `{ recoveryCase(id: "x") { id } }`);
    expect(response.status).toBe(401);
  });

  it('opens a case assigned to the agent who opened it', async () => {
    const data = await rc.ok<{ recoveryCase: Record<string, unknown> }>(
      agent,
      `query ($id: ID!) { recoveryCase(id: $id) { id tenantId accountId status assigneeId priority } }`,
      { id: caseId },
    );
    expect(data.recoveryCase).toEqual({
      id: caseId,
      tenantId: 'demo',
      accountId: accounts.jordan,
      status: 'OPEN',
      assigneeId: agents.agent,
      priority: 'NORMAL',
    });
  });

  it('refuses an account that does not exist in the tenant', async () => {
    const response = await rc.call(agent, OPEN, {
      input: { tenantId: 'demo', accountId: accounts.alex, reason: 'LOCKED_OUT', channel: 'CHAT' },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to open a case in a tenant the agent does not work for', async () => {
    const response = await rc.call(acmeAgent, OPEN, {
      input: { tenantId: 'demo', accountId: accounts.jordan, reason: 'LOCKED_OUT', channel: 'CHAT' },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates input at the edge', async () => {
    const response = await rc.call(agent, OPEN, {
      input: { tenantId: 'demo', accountId: accounts.jordan, reason: 'LOCKED_OUT', channel: 'CHAT', note: '' },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists Account.recoveryCases and Agent.assignedCases through _entities', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Account { id recoveryCases { edges { node { id status } } } }
      ... on Agent { id assignedCases { edges { node { id } } } }
    } }`;
    const data = await rc.ok<{ _entities: Record<string, unknown>[] }>(supervisor, query, {
      reps: [
        { __typename: 'Account', id: accounts.jordan },
        { __typename: 'Agent', id: agents.agent },
      ],
    });
    expect(data._entities[0]).toEqual({
      id: accounts.jordan,
      recoveryCases: { edges: [{ node: { id: caseId, status: 'OPEN' } }] },
    });
    expect(data._entities[1]).toEqual({ id: agents.agent, assignedCases: { edges: [{ node: { id: caseId } }] } });
  });

  it('hides cases of other tenants, including through _entities', async () => {
    const byId = await rc.call(acmeAgent, `query ($id: ID!) { recoveryCase(id: $id) { id } }`, { id: caseId });
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const entities = await rc.ok<{ _entities: unknown[] }>(
      acmeAgent,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on RecoveryCase { id } ... on Account { recoveryCases { edges { node { id } } } } } }`,
      {
        reps: [
          { __typename: 'RecoveryCase', id: caseId },
          { __typename: 'Account', id: accounts.jordan },
        ],
      },
    );
    expect(entities._entities).toEqual([null, { recoveryCases: { edges: [] } }]);
  });

  it('denies roles without business in recovery (PARTNER)', async () => {
    const response = await rc.call(as(['PARTNER']), `query ($id: ID!) { recoveryCase(id: $id) { id } }`, { id: caseId });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
