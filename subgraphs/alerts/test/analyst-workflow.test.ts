import { TOPICS, type AlertEscalatedPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STATUS_CHANGES } from '../src/domain/alert-lifecycle.js';
import { activity, at, failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const analyst = identity(['SECURITY_ANALYST'], ['demo'], 'analyst-1');
const other = identity(['SECURITY_ANALYST'], ['demo'], 'analyst-2');

const FIELDS = 'id status assignee allowedTransitions comments { by text } history { from to by reason } caseId acknowledgedBy';
interface AlertView {
  id: string;
  status: string;
  assignee: string | null;
  allowedTransitions: string[];
  comments: { by: string; text: string }[];
  history: { from: string; to: string; by: string; reason: string | null }[];
  caseId: string | null;
  acknowledgedBy: string | null;
}

describe('the analyst workflow', () => {
  const harness = new AlertsHarness();
  const raise = async (accountId: string): Promise<string> => {
    await harness.record(...Array.from({ length: 10 }, (_, i) => failedLogin(i, accountId, '198.51.100.90')));
    const { data } = await harness.graphql<{ alerts: Page<{ id: string }> }>(
      analyst,
      `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { id } } } }`,
    );
    return nodes(data?.alerts)?.[0]?.id as string;
  };
  const call = <T>(who: typeof analyst, mutation: string, variables: Record<string, unknown>) =>
    harness.graphql<T>(who, mutation, variables);

  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('assigns, comments, closes an OPEN alert in one call, reopens it', async () => {
    const id = await raise('wf-1');
    const assigned = await call<{ assignAlert: AlertView }>(
      analyst,
      `mutation($id: ID!) { assignAlert(id: $id, assignee: "analyst-2") { ${FIELDS} } }`,
      { id },
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data?.assignAlert).toMatchObject({ assignee: 'analyst-2', status: 'OPEN' });
    expect(assigned.data?.assignAlert.allowedTransitions).toEqual(['ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE', 'ESCALATED']);

    const commented = await call<{ commentOnAlert: AlertView }>(
      other,
      `mutation($id: ID!) { commentOnAlert(id: $id, text: "  Called the customer: not them.  ") { ${FIELDS} } }`,
      { id },
    );
    expect(commented.data?.commentOnAlert.comments).toEqual([{ by: 'analyst-2', text: 'Called the customer: not them.' }]);

    const closed = await call<{ closeAlert: AlertView }>(
      other,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: RESOLVED, reason: "Password reset with the customer" }) { ${FIELDS} } }`,
      { id },
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data?.closeAlert).toMatchObject({
      status: 'RESOLVED',
      acknowledgedBy: 'analyst-2',
      allowedTransitions: ['OPEN'],
    });
    expect(closed.data?.closeAlert.history.map((change) => [change.from, change.to])).toEqual([
      ['OPEN', 'ACKNOWLEDGED'],
      ['ACKNOWLEDGED', 'RESOLVED'],
    ]);

    const refused = await call(analyst, `mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', allowedTransitions: ['OPEN'] });

    const reopened = await call<{ reopenAlert: AlertView }>(
      analyst,
      `mutation($id: ID!) { reopenAlert(id: $id, reason: "The customer did not reset after all") { ${FIELDS} } }`,
      { id },
    );
    expect(reopened.data?.reopenAlert).toMatchObject({ status: 'OPEN', caseId: null });
    expect(reopened.data?.reopenAlert.history.at(-1)).toMatchObject({ from: 'RESOLVED', to: 'OPEN', by: 'analyst-1' });

    const unassigned = await call<{ assignAlert: AlertView }>(
      analyst,
      `mutation($id: ID!) { assignAlert(id: $id, assignee: null) { assignee } }`,
      { id },
    );
    expect(unassigned.data?.assignAlert.assignee).toBeNull();
  });

  it('bounds the status history: a reopen that leaves no room for the next close is refused, the open alert still closes (ADR 123)', async () => {
    const id = await raise('wf-cycles');
    const reason = 'verdict changed';
    const close = () =>
      call<{ closeAlert: AlertView }>(
        analyst,
        `mutation($id: ID!, $reason: String!) { closeAlert(input: { alertId: $id, status: RESOLVED, reason: $reason }) { ${FIELDS} } }`,
        { id, reason },
      );
    const reopen = () =>
      call<{ reopenAlert: AlertView }>(
        analyst,
        `mutation($id: ID!, $reason: String!) { reopenAlert(id: $id, reason: $reason) { ${FIELDS} } }`,
        {
          id,
          reason,
        },
      );
    // Each cycle records three changes (OPEN → ACKNOWLEDGED → RESOLVED → OPEN); a script could repeat it forever.
    let cycles = 0;
    for (; cycles < MAX_STATUS_CHANGES; cycles += 1) {
      expect((await close()).errors).toBeUndefined();
      const reopened = await reopen();
      if (reopened.errors !== undefined) {
        expect(reopened.errors[0]?.extensions).toMatchObject({ code: 'CONFLICT', state: 'RESOLVED', allowedTransitions: [] });
        expect(reopened.errors[0]?.message).toMatch(/cannot be reopened again/);
        break;
      }
      expect(reopened.data?.reopenAlert.allowedTransitions.length).toBeGreaterThan(0);
    }
    expect(cycles).toBe(Math.floor((MAX_STATUS_CHANGES - 2) / 3));
    const { data } = await harness.graphql<{ alert: AlertView }>(analyst, `{ alert(id: "${id}") { ${FIELDS} } }`);
    expect(data?.alert).toMatchObject({ status: 'RESOLVED', allowedTransitions: [] });
    expect(data?.alert.history.length).toBeLessThanOrEqual(MAX_STATUS_CHANGES);
    // The last reopen that was allowed left room for its close: an open alert can always be closed.
    expect(data?.alert.history.length).toBe(cycles * 3 + 2);
  });

  it('escalates to a recovery case of the account; refuses a case the bus announced for another account', async () => {
    const id = await raise('wf-2');
    // recovery-cases opened a case; activity-logs put the agent action in the chain and woke detection.
    await harness.record(
      activity({ type: 'agent.action.case.opened', accountId: 'wf-2', occurredAt: at(30), metadata: { caseId: 'case-wf-2' } }),
    );
    const escalated = await call<{ closeAlert: AlertView }>(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: ESCALATED, reason: "takeover", caseId: "case-wf-2" }) { ${FIELDS} } }`,
      { id },
    );
    expect(escalated.errors).toBeUndefined();
    expect(escalated.data?.closeAlert).toMatchObject({ status: 'ESCALATED', caseId: 'case-wf-2' });

    const elsewhere = await raise('wf-3');
    const wrongAccount = await call(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: ESCALATED, reason: "takeover", caseId: "case-wf-2" }) { id } }`,
      { id: elsewhere },
    );
    expect(wrongAccount.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongAccount.errors?.[0]?.message).toMatch(/another account/);
  });

  it('escalating without a case cites a new case id and asks recovery-cases over the bus to open it', async () => {
    const requests: AlertEscalatedPayload[] = [];
    await harness.bus.subscribe<AlertEscalatedPayload>(TOPICS.alertEscalated, 'test-recovery', async (message) => {
      requests.push(message.payload);
    });
    const id = await raise('wf-4');
    const escalated = await call<{ closeAlert: AlertView }>(
      analyst,
      `mutation($id: ID!) { closeAlert(input: { alertId: $id, status: ESCALATED, reason: "Takeover suspected" }) { ${FIELDS} } }`,
      { id },
    );
    expect(escalated.errors).toBeUndefined();
    const caseId = escalated.data?.closeAlert.caseId;
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    await harness.bus.idle();
    expect(requests).toEqual([
      expect.objectContaining({ alertId: id, accountId: 'wf-4', caseId, reason: 'Takeover suspected', escalatedBy: 'analyst-1' }),
    ]);
  });

  it('accepts alerts(after: null) as the first page', async () => {
    const { errors, data } = await harness.graphql<{ alerts: Page<unknown> }>(
      analyst,
      '{ alerts(first: 1, after: null) { edges { node { id } } } }',
    );
    expect(errors).toBeUndefined();
    expect(nodes(data?.alerts)).toHaveLength(1);
  });
});
