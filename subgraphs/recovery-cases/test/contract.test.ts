import { DEMO_SEED } from '@vigil/accounts';
import { identityOf, runSubgraphContract, type TestSubgraph } from '@vigil/testing';
import { startRecoveryCases } from './harness.js';

const { accounts, agents } = DEMO_SEED;
const agent = identityOf(['AGENT'], ['demo'], agents.agent);
const supervisor = identityOf(['SUPERVISOR'], ['demo'], agents.supervisor);
const NEW_EMAIL = 'sam.contract@example.net';

let started: TestSubgraph | undefined;
let opened: Promise<string> | undefined;

async function ok<T>(identity: typeof agent, query: string, variables: Record<string, unknown>): Promise<T> {
  const { data, errors } = await started!.call<T>(identity, query, variables);
  if (errors?.length || !data) throw new Error(`contract set-up failed: ${JSON.stringify(errors)}`);
  return data;
}

/** A demo case whose customer asked to change their email (a verified caller, the change pending). */
function caseWithContactChange(): Promise<string> {
  opened ??= (async () => {
    const input = { tenantId: 'demo', accountId: accounts.sam, reason: 'FORGOTTEN_PASSWORD', channel: 'PHONE', riskLevel: 'LOW' };
    const { openRecoveryCase } = await ok<{ openRecoveryCase: { id: string } }>(
      agent,
      'mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }',
      { input },
    );
    const caseId = openRecoveryCase.id;
    await ok(agent, 'mutation ($input: RecordVerificationInput!) { recordVerification(input: $input) { id } }', {
      input: { caseId, method: 'DOCUMENT_CHECK', result: 'PASSED' },
    });
    await ok(agent, 'mutation ($id: ID!, $v: String!) { requestContactChange(caseId: $id, field: EMAIL, newValue: $v) { id } }', {
      id: caseId,
      v: NEW_EMAIL,
    });
    return caseId;
  })();
  return opened;
}

runSubgraphContract({
  name: 'recovery-cases',
  start: async () => (started = await startRecoveryCases()),
  foreignEntity: async () => ({
    representation: { __typename: 'RecoveryCase', id: await caseWithContactChange() },
    selection: 'id status reason channel contactChanges { newValue }',
    owner: supervisor,
    outsider: identityOf(['SUPERVISOR'], ['acme']),
  }),
  personalData: async () => ({
    query: 'query ($id: ID!) { recoveryCase(id: $id) { id contactChanges { newValue } } }',
    variables: { id: await caseWithContactChange() },
    rawValues: [NEW_EMAIL],
    privileged: supervisor,
    agent,
  }),
});
