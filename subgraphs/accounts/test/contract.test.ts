import { DEMO_SEED } from '@vigil/accounts';
import { identityOf, runSubgraphContract } from '@vigil/testing';
import { startAccounts } from './harness.js';

const { accounts } = DEMO_SEED;

runSubgraphContract({
  name: 'accounts',
  start: startAccounts,
  // permissions.ts grants `tenant` to any signed caller: it answers only the caller's own tenants (null otherwise).
  openRootFields: ['tenant'],
  foreignEntity: async () => ({
    representation: { __typename: 'Account', id: accounts.jordan },
    selection: 'id displayName email phone tenantId',
    owner: identityOf(['SECURITY_ANALYST'], ['demo']),
    outsider: identityOf(['SECURITY_ANALYST'], ['acme']),
  }),
  personalData: async () => ({
    query: 'query ($id: ID!) { account(id: $id) { email phone contactChannels { address } } }',
    variables: { id: accounts.jordan },
    rawValues: ['jordan.rivera@example.com', '+15555550123'],
    privileged: identityOf(['SUPERVISOR']),
  }),
});
