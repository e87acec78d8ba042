import { identityOf, runSubgraphContract, type TestSubgraph } from '@vigil/testing';
import { RECORD, failedLogin, startActivityLogs } from './harness.js';

const IP = '81.2.69.142';
const analyst = identityOf(['SECURITY_ANALYST'], ['t1']);

let started: TestSubgraph | undefined;
let recorded: Promise<string> | undefined;

/** One failed login recorded by the identity provider (INGEST) in tenant t1; its event id. */
function recordedEvent(): Promise<string> {
  recorded ??= (async () => {
    const { data, errors } = await started!.call<{ recordActivities: { events: { id: string }[] } }>(
      identityOf(['INGEST'], ['t1'], 'idp'),
      RECORD,
      { tenantId: 't1', events: [failedLogin('contract-acc', { ip: IP })] },
    );
    const id = data?.recordActivities.events[0]?.id;
    if (!id) throw new Error(`contract set-up failed: ${JSON.stringify(errors)}`);
    return id;
  })();
  return recorded;
}

runSubgraphContract({
  name: 'activity-logs',
  start: async () => (started = await startActivityLogs()),
  // The chain's public signing keys: anyone holding a signed identity may fetch them to verify an export offline.
  openRootFields: ['activitySigningKeys'],
  foreignEntity: async () => ({
    representation: { __typename: 'ActivityEvent', id: await recordedEvent() },
    selection: 'id type accountId ip',
    owner: analyst,
    outsider: identityOf(['SECURITY_ANALYST'], ['t2']),
  }),
  personalData: async () => {
    await recordedEvent();
    return {
      query:
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id activity(first: 5) { edges { node { ip } } } } } }',
      variables: { r: [{ __typename: 'Account', id: 'contract-acc' }] },
      rawValues: [IP],
      privileged: analyst,
      agent: identityOf(['AGENT'], ['t1']),
    };
  },
});
