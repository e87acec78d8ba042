import { TOPICS, type TenantReferences } from '@vigil/core';
import { appendToActivityChain, identityOf, runSubgraphContract, startTestSubgraph, type TestSubgraph } from '@vigil/testing';
import { ALERTS_DB_NAME, createAlertsSubgraph, type AlertsSubgraph } from '../src/index.js';
import { failedLogin } from './support/events.js';
import { FakeActivityChain } from './support/fake-activity-chain.js';

const IP = '198.51.100.44';
/** No accounts or recovery-cases subgraph here: every id counts as the tenant's (tenant-references.test.ts checks). */
const ANY_ID: TenantReferences = { ownedBy: async (_tenantId, ids) => new Set(ids) };
const analyst = identityOf(['SECURITY_ANALYST']);

let started: TestSubgraph<AlertsSubgraph> | undefined;
let alertId: Promise<string> | undefined;

/** Ten failed logins from one IP in the demo tenant, through the chain and the bus as activity-logs records them. */
function bruteForceAlert(): Promise<string> {
  alertId ??= (async () => {
    const subgraph = started!;
    const events = Array.from({ length: 10 }, (_, i) => failedLogin(i, 'contract-acc', IP));
    await appendToActivityChain(subgraph.db.connection, events);
    for (const event of events) await subgraph.bus.publish(TOPICS.activityRecorded, event, { dedupeKey: event.eventId });
    await subgraph.bus.idle();
    await subgraph.server.detection.idle();
    const { data } = await subgraph.call<{ alerts: { id: string }[] }>(
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
  start: async () => {
    started = await startTestSubgraph<AlertsSubgraph>({
      name: 'alerts',
      dbName: ALERTS_DB_NAME,
      start: (deps) =>
        createAlertsSubgraph(deps, {
          recipients: null,
          env: {},
          accounts: ANY_ID,
          recoveryCases: ANY_ID,
          activityChain: new FakeActivityChain(deps.bus, () => deps.connection),
        }),
    });
    return started;
  },
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
