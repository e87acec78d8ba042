import { TOPICS, type AlertEscalatedPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecoveryConfig } from '../src/config.js';
import { DEMO_SEED, agent, startRecoveryCases, supervisor } from './harness.js';
import { recoverySteps } from './flows.js';

const { accounts } = DEMO_SEED;
const OPEN_CASE = `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`;

/**
 * One account cannot be given unbounded unfinished cases (ADR 137): anyone who may open cases could otherwise fill
 * the store and the supervisors' queue through one account. The limit is configured to 2 here, to show the knob.
 */
describe('unfinished recovery cases per account', () => {
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  beforeAll(async () => {
    rc = await startRecoveryCases({
      env: { NODE_ENV: 'test', RECOVERY_SWEEP_INTERVAL_MS: '3600000', RECOVERY_MAX_OPEN_CASES_PER_ACCOUNT: '2' },
    });
  });
  afterAll(async () => {
    await rc?.stop();
  });

  const open = (accountId: string, identity = agent) =>
    rc.call<{ openRecoveryCase: { id: string } }>(identity, OPEN_CASE, {
      input: { tenantId: 'demo', accountId, reason: 'LOCKED_OUT', channel: 'PHONE' },
    });
  const unfinishedOf = async (accountId: string) =>
    (
      await rc.ok<{ recoveryCases: { edges: { node: { id: string; status: string } }[] } }>(
        supervisor,
        `query ($accountId: ID!) { recoveryCases(filter: { tenantId: "demo", accountId: $accountId }, first: 200) { edges { node { id status } } } }`,
        { accountId },
      )
    ).recoveryCases.edges
      .map((e) => e.node)
      .filter((c) => !['RESOLVED', 'REJECTED', 'EXPIRED'].includes(c.status));

  it('defaults to 5 unfinished cases per account', () => {
    expect(loadRecoveryConfig({ NODE_ENV: 'test' }).RECOVERY_MAX_OPEN_CASES_PER_ACCOUNT).toBe(20);
  });

  it('refuses a case past the limit with a CONFLICT naming it and the cases to go on with; closing one makes room', async () => {
    const first = (await open(accounts.jordan)).data!.openRecoveryCase.id;
    const second = (await open(accounts.jordan)).data!.openRecoveryCase.id;
    for (const identity of [agent, supervisor]) {
      const refused = await open(accounts.jordan, identity);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringContaining('already has 2 unfinished recovery cases'),
        extensions: {
          code: 'CONFLICT',
          limit: 'OPEN_CASES_PER_ACCOUNT',
          maxOpenCasesPerAccount: 2,
          openCaseIds: expect.arrayContaining([first, second]),
        },
      });
    }
    expect(await unfinishedOf(accounts.jordan)).toHaveLength(2);

    const steps = recoverySteps(rc);
    expect((await steps.changeStatus(agent, first, 'REJECTED', 'duplicate of the other call')).errors).toBeUndefined();
    const third = await open(accounts.jordan);
    expect(third.errors).toBeUndefined();

    // Reopening the closed case would make three: refused the same way.
    const reopened = await steps.changeStatus(agent, first, 'REOPENED', 'customer called back');
    expect(reopened.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', limit: 'OPEN_CASES_PER_ACCOUNT' });
    expect(await unfinishedOf(accounts.jordan)).toHaveLength(2);
  });

  it('holds under a burst of simultaneous opens', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => open(accounts.sam)));
    expect(results.filter((r) => r.errors === undefined).length).toBeLessThanOrEqual(2);
    expect(results.every((r) => r.errors === undefined || r.errors[0]?.extensions?.code === 'CONFLICT')).toBe(true);
    expect((await unfinishedOf(accounts.sam)).length).toBeLessThanOrEqual(2);
  });

  it('still opens the case of an escalated alert on a full account: filling the slots must not block it', async () => {
    await open(accounts.priya);
    await open(accounts.priya);
    const payload: AlertEscalatedPayload = {
      alertId: 'alert-limit-1',
      tenantId: 'demo',
      accountId: accounts.priya,
      caseId: 'b7c1c0de-0000-4000-8000-00000000c0de',
      ruleId: 'takeover-chain',
      severity: 'HIGH',
      reason: 'new device and email change within an hour',
      escalatedBy: DEMO_SEED.agents.supervisor,
      escalatedAt: new Date().toISOString(),
    };
    await rc.bus.publish(TOPICS.alertEscalated, payload, { dedupeKey: payload.alertId });
    await rc.bus.idle();
    expect((await unfinishedOf(accounts.priya)).map((c) => c.id)).toContain(payload.caseId);
  });
});
