import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import { as, startAccounts } from './harness.js';

const { accounts, agents } = DEMO_SEED;
const DEVICE_ID = `${accounts.jordan}-laptop`;
const USER_AGENT = 'Mozilla/5.0 (Macintosh) Chrome/124';

describe('accounts: personal data by core policy, tenants by the caller', () => {
  const subgraph = perSuite(startAccounts);

  const devices = `query ($id: ID!) { account(id: $id) { knownDevices { deviceId userAgent label } } }`;

  it('masks known device ids and withholds user agents for the floor (AGENT, SUPERVISOR)', async () => {
    for (const role of ['AGENT', 'SUPERVISOR'] as const) {
      const { data, errors } = await subgraph().call(as([role]), devices, { id: accounts.jordan });
      expect(errors).toBeUndefined();
      expect(data?.account).toEqual({ knownDevices: [{ deviceId: '****ptop', userAgent: null, label: 'Laptop · Chrome' }] });
      expect(JSON.stringify(data)).not.toContain(DEVICE_ID);
    }
  });

  it('shows them whole to investigators (SECURITY_ANALYST, AUDITOR) and ADMIN', async () => {
    for (const role of ['SECURITY_ANALYST', 'AUDITOR', 'ADMIN'] as const) {
      const { data } = await subgraph().call(as([role]), devices, { id: accounts.jordan });
      expect(data?.account).toEqual({ knownDevices: [{ deviceId: DEVICE_ID, userAgent: USER_AGENT, label: 'Laptop · Chrome' }] });
    }
  });

  it("lists only the caller's tenants in an agent's tenantIds", async () => {
    const query = `query ($id: ID!) { agent(id: $id) { id tenantIds } }`;
    const demoOnly = await subgraph().call(as(['SUPERVISOR'], ['demo']), query, { id: agents.admin });
    expect(demoOnly.data?.agent).toEqual({ id: agents.admin, tenantIds: ['demo'] });
    const listed = await subgraph().call(
      as(['SUPERVISOR'], ['demo']),
      '{ agents(tenantId: "demo") { edges { node { id tenantIds } } } }',
    );
    const all = (listed.data?.agents as { edges: { node: { tenantIds: string[] } }[] }).edges.flatMap(
      (edge) => edge.node.tenantIds,
    );
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all)).toEqual(new Set(['demo']));
    const both = await subgraph().call(as(['ADMIN'], ['demo', 'acme']), query, { id: agents.admin });
    expect(both.data?.agent).toEqual({ id: agents.admin, tenantIds: ['demo', 'acme'] });
  });
});
