import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventBus, OWNED_ENTITIES, type PublishOptions } from '@vigil/core';
import { DEMO_SEED, agent, as, startRecoveryCases, supervisor } from './harness.js';
import { recoverySteps } from './flows.js';

const { accounts, agents } = DEMO_SEED;
const MIN = 60_000;

/** The real in-memory bus with a switchable outage: publishing fails while `down`, like Redis being unreachable. */
class BusWithOutage extends InMemoryEventBus {
  down = false;
  override async publish<T>(topic: string, payload: T, options?: PublishOptions): Promise<void> {
    if (this.down) throw new Error('event bus unreachable');
    return super.publish(topic, payload, options);
  }
}

describe('case operations', () => {
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  let steps: ReturnType<typeof recoverySteps>;
  let bus: BusWithOutage;
  beforeAll(async () => {
    rc = await startRecoveryCases({}, (logger) => (bus = new BusWithOutage(logger)));
    steps = recoverySteps(rc);
  });
  afterAll(async () => {
    await rc?.stop();
  });

  it('keeps agent actions while the bus is down and delivers each exactly once when it is back', async () => {
    bus.down = true;
    const opened = await steps.open(agent, accounts.jordan, 'OTHER', 'PHONE');
    await rc.ok(agent, `mutation ($id: ID!) { addCaseNote(caseId: $id, body: "Caller confirmed date of birth") { id } }`, {
      id: opened.id,
    });
    await rc.settle();
    expect(rc.actions.filter((a) => a.caseId === opened.id)).toEqual([]);

    bus.down = false;
    await rc.settle();
    await rc.settle();
    const delivered = rc.actions.filter((a) => a.caseId === opened.id).map((a) => a.action);
    expect(delivered).toEqual(['case.opened', 'case.assigned', 'case.note_added']);
    const note = rc.actions.find((a) => a.caseId === opened.id && a.action === 'case.note_added');
    expect(note?.metadata).toMatchObject({ length: 'Caller confirmed date of birth'.length });
    expect(JSON.stringify(note)).not.toContain('date of birth');
  });

  it('applies concurrent changes to one case without losing any', async () => {
    const opened = await steps.open(agent, accounts.priya, 'OTHER', 'PHONE');
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        rc.ok(agent, `mutation ($id: ID!, $b: String!) { addCaseNote(caseId: $id, body: $b) { id } }`, {
          id: opened.id,
          b: `note ${i}`,
        }),
      ),
    );
    const data = await rc.ok<{ recoveryCase: { notes: { body: string }[] } }>(
      supervisor,
      `query ($id: ID!) { recoveryCase(id: $id) { notes { body } } }`,
      { id: opened.id },
    );
    expect(data.recoveryCase.notes.map((n) => n.body).sort()).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
  });

  it('needs a different supervisor to approve a contact change, and blocks the reset until it is decided', async () => {
    const opened = await steps.open(agent, accounts.sam, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    await steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED');
    const requested = await rc.ok<{
      requestContactChange: { contactChanges: { id: string; newValue: string; status: string }[] };
    }>(
      agent,
      `mutation ($id: ID!) { requestContactChange(caseId: $id, field: EMAIL, newValue: "sam.new@example.net") { contactChanges { id newValue status } } }`,
      { id: opened.id },
    );
    const change = requested.requestContactChange.contactChanges[0]!;
    expect(change).toMatchObject({ status: 'PENDING', newValue: 's***@example.net' });

    expect((await steps.issueReset(agent, opened.id)).errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('contact change'),
    });
    const decide = `mutation ($id: ID!, $r: ID!) { decideContactChange(caseId: $id, requestId: $r, approve: true, reason: "matched ID document") { contactChanges { status newValue decidedBy } } }`;
    expect((await rc.call(agent, decide, { id: opened.id, r: change.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const decided = await rc.ok<{
      decideContactChange: { contactChanges: { status: string; newValue: string; decidedBy: string }[] };
    }>(supervisor, decide, { id: opened.id, r: change.id });
    expect(decided.decideContactChange.contactChanges[0]).toEqual({
      status: 'APPROVED',
      newValue: 'sam.new@example.net',
      decidedBy: agents.supervisor,
    });

    const reset = await steps.issueReset(agent, opened.id);
    expect(reset.errors).toBeUndefined();
    // The link goes to the address on file, not the one given during the call.
    expect(reset.data?.issuePasswordReset.maskedAddress).toBe('s***@example.com');
    expect(rc.subgraph.outbox?.messagesTo('sam.new@example.net')).toEqual([]);
  });

  it('rate-limits verification codes per case', async () => {
    const opened = await steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    for (let i = 0; i < 3; i++) await steps.sendCode(agent, opened.id);
    const fourth = await rc.call(agent, `mutation ($id: ID!) { sendVerificationCode(caseId: $id) { challengeId } }`, {
      id: opened.id,
    });
    expect(fourth.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    rc.clock.advance(16 * MIN);
    expect((await steps.sendCode(agent, opened.id)).challengeId).toBeTruthy();
  });

  it('lets a supervisor assign by hand or by round-robin, and escalate; AGENTs cannot reassign', async () => {
    const opened = await steps.open(agent, accounts.priya, 'LOST_FACTOR', 'CHAT');
    const assign = `mutation ($id: ID!, $a: ID) { assignRecoveryCase(caseId: $id, agentId: $a) { assigneeId } }`;
    expect((await rc.call(agent, assign, { id: opened.id, a: agents.supervisor })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await rc.call(supervisor, assign, { id: opened.id, a: 'nobody' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await rc.ok<{ assignRecoveryCase: { assigneeId: string } }>(supervisor, assign, { id: opened.id, a: agents.supervisor }))
        .assignRecoveryCase.assigneeId,
    ).toBe(agents.supervisor);
    expect(
      (await rc.ok<{ assignRecoveryCase: { assigneeId: string } }>(supervisor, assign, { id: opened.id })).assignRecoveryCase
        .assigneeId,
    ).toBe(agents.agent);

    const escalated = await steps.changeStatus(agent, opened.id, 'ESCALATED', 'customer disputes the last login');
    expect(escalated.data?.changeRecoveryCaseStatus).toMatchObject({
      status: 'ESCALATED',
      milestones: { firstResponseAt: null },
    });
    expect((await steps.changeStatus(agent, opened.id, 'REJECTED', 'nope')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await steps.changeStatus(supervisor, opened.id, 'REJECTED', 'could not verify the caller')).data?.changeRecoveryCaseStatus
        .status,
    ).toBe('REJECTED');
    const reopened = await steps.changeStatus(agent, opened.id, 'REOPENED', 'customer called back with documents');
    expect(reopened.data?.changeRecoveryCaseStatus).toMatchObject({ status: 'REOPENED', reopenCount: 1 });
  });

  it('links a case to the alert that led to it (Alert.recoveryCase), tenant scoped', async () => {
    // The linked alert must exist in the case's tenant (the alerts subgraph's collection, read-only).
    await rc.db.connection
      .useDb(OWNED_ENTITIES.alert.dbName)
      .collection<{ _id: string; tenantId: string }>(OWNED_ENTITIES.alert.collection)
      .insertOne({ _id: 'alert-123', tenantId: 'demo' });
    const opened = await steps.open(agent, accounts.jordan, 'SUSPECTED_COMPROMISE', 'PHONE', { linkedAlertIds: ['alert-123'] });
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Alert { id recoveryCase { id riskLevel } } } }`;
    const reps = { reps: [{ __typename: 'Alert', id: 'alert-123' }] };
    const data = await rc.ok<{ _entities: unknown[] }>(as(['SECURITY_ANALYST'], ['demo']), query, reps);
    expect(data._entities).toEqual([{ id: 'alert-123', recoveryCase: { id: opened.id, riskLevel: 'HIGH' } }]);
    const other = await rc.ok<{ _entities: unknown[] }>(as(['SECURITY_ANALYST'], ['acme']), query, reps);
    expect(other._entities).toEqual([{ id: 'alert-123', recoveryCase: null }]);
  });

  it('reports floor metrics per tenant and period for supervisors', async () => {
    const from = new Date(rc.clock.now().getTime() - 24 * 60 * MIN).toISOString();
    const to = new Date(rc.clock.now().getTime() + MIN).toISOString();
    const query = `query ($from: DateTime!, $to: DateTime!) { recoveryMetrics(tenantId: "demo", from: $from, to: $to) {
      casesOpened casesResolved firstContactResolutionRate failedVerificationRate slaCompliance perAgent { agentId casesHandled } } }`;
    const data = await rc.ok<{
      recoveryMetrics: {
        casesOpened: number;
        casesResolved: number;
        failedVerificationRate: number | null;
        perAgent: { agentId: string; casesHandled: number }[];
      };
    }>(supervisor, query, { from, to });
    // Six cases opened above; none resolved; one verification, passed; the rejected case was reopened.
    expect(data.recoveryMetrics).toEqual({
      casesOpened: 6,
      casesResolved: 0,
      firstContactResolutionRate: null,
      failedVerificationRate: 0,
      slaCompliance: expect.any(Number),
      perAgent: [],
    });
    expect((await rc.call(agent, query, { from, to })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
