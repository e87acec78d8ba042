import { identityOf, runSubgraphContract } from '@vigil/testing';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

const IP = '198.51.100.44';
const analyst = identityOf(['SECURITY_ANALYST']);
const harness = new AlertsHarness();
let alertId: Promise<string> | undefined;

/** Ten failed logins from one IP in the demo tenant, through the chain and the bus as activity-logs records them. */
function bruteForceAlert(): Promise<string> {
  alertId ??= (async () => {
    await harness.record(...Array.from({ length: 10 }, (_, i) => failedLogin(i, 'contract-acc', IP)));
    const { data } = await harness.graphql<{ alerts: { id: string }[] }>(
      analyst,
      '{ alerts(filter: { accountId: "contract-acc" }) { id } }',
    );
    const id = data?.alerts[0]?.id;
    if (!id) throw new Error('detection raised no alert for the contract');
    return id;
  })();
  return alertId;
}

runSubgraphContract({
  name: 'alerts',
  start: async () => (await harness.start()).subgraph,
  foreignEntity: async () => ({
    representation: { __typename: 'Alert', id: await bruteForceAlert() },
    selection: 'id rule severity reasons',
    owner: analyst,
    outsider: identityOf(['SECURITY_ANALYST'], ['acme']),
  }),
  personalData: async () => {
    await bruteForceAlert();
    return {
      query:
        '{ alerts(filter: { accountId: "contract-acc" }) { id reasons reasonVector { explanation values { name value } } } }',
      rawValues: [IP],
      privileged: analyst,
    };
  },
});
