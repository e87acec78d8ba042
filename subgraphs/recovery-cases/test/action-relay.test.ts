/**
 * An agent action leaves the case's outbox only once it is in the activity chain: a message the consumer
 * lost (activity-logs died before recording it, an in-memory bus died with its process) is sent again.
 */
import { ACTIVITY_CHAIN, agentActionIdempotencyKey, TOPICS, type AgentActionPayload } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, agent, startRecoveryCases } from './harness.js';
import { recoverySteps } from './flows.js';

describe('agent action relay', () => {
  let rc: Awaited<ReturnType<typeof startRecoveryCases>>;
  const sent: AgentActionPayload[] = [];
  beforeAll(async () => {
    rc = await startRecoveryCases();
    // Every message, redeliveries included (the harness's own collector dedupes).
    await rc.bus.subscribe<AgentActionPayload>(TOPICS.agentAction, 'raw-counter', async (message) => {
      sent.push(message.payload);
    });
  });
  afterAll(async () => {
    await rc?.stop();
  });

  const pendingOf = async (caseId: string) =>
    (
      await rc.db.connection
        .collection<{ _id: string; pendingActions: AgentActionPayload[] }>('recovery_cases')
        .findOne({ _id: caseId })
    )?.pendingActions.map((action) => action.action);

  it('re-sends actions the chain does not hold yet, and drops exactly those it holds', async () => {
    const opened = await recoverySteps(rc).open(agent, DEMO_SEED.accounts.jordan, 'OTHER', 'PHONE');
    await rc.settle();
    const mine = () => sent.filter((action) => action.caseId === opened.id);
    const firstRound = mine().length;
    expect(firstRound).toBeGreaterThanOrEqual(2);
    // Nothing recorded them (the consumer "crashed"): they stay, and the next sweep sends them again.
    expect(await pendingOf(opened.id)).toEqual(['case.opened', 'case.assigned']);
    await rc.settle();
    expect(mine().length).toBeGreaterThan(firstRound);

    // activity-logs records the first one in the tenant's chain, under the action's idempotency key.
    const [recorded] = mine();
    await rc.db.connection
      .useDb(ACTIVITY_CHAIN.dbName, { useCache: true })
      .collection(ACTIVITY_CHAIN.events)
      .insertOne({ tenantId: recorded!.tenantId, sequence: 1, idempotencyKey: agentActionIdempotencyKey(recorded!.actionId) });
    await rc.settle();
    expect(await pendingOf(opened.id)).toEqual(['case.assigned']);
    const before = mine().filter((action) => action.actionId === recorded!.actionId).length;
    await rc.settle();
    expect(mine().filter((action) => action.actionId === recorded!.actionId)).toHaveLength(before);
  });
});
