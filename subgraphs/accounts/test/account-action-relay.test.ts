/**
 * ADR 141: a staff change's audit record is written into the account with the change, and leaves it only once it is
 * in the activity chain: a message nobody recorded (activity-logs died before recording it, an in-memory bus died
 * with its process) is sent again, and one recorded is never sent again.
 */
import { ACTIVITY_CHAIN, agentActionIdempotencyKey, TOPICS, type AgentActionPayload } from '@vigil/core';
import { perSuite } from '@vigil/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '@vigil/accounts';
import { as, startAccounts } from './harness.js';

const account = DEMO_SEED.accounts.priya;
const supervisor = as(['SUPERVISOR'], ['demo'], DEMO_SEED.agents.supervisor);

describe('account action relay', () => {
  const subgraph = perSuite(startAccounts);
  const sent: AgentActionPayload[] = [];
  beforeAll(async () => {
    // Every message, redeliveries included; nothing records them in a chain.
    await subgraph().bus.subscribe<AgentActionPayload>(TOPICS.agentAction, 'raw-counter', async (message) => {
      sent.push(message.payload);
    });
  });

  const pending = async () =>
    (
      await subgraph()
        .db.connection.collection<{ _id: string; pendingActions?: AgentActionPayload[] }>('accounts')
        .findOne({ _id: account })
    )?.pendingActions ?? [];

  async function rename(displayName: string): Promise<void> {
    const { errors } = await subgraph().call(
      supervisor,
      `mutation { updateAccount(id: "${account}", input: { displayName: "${displayName}" }) { id } }`,
    );
    expect(errors).toBeUndefined();
  }

  const settled = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('keeps the record with the account and re-sends it until the chain holds it, then drops exactly that one', async () => {
    await rename('Priya One');
    await settled();
    const [first] = await pending();
    expect(first).toMatchObject({ action: 'account.updated', agentId: DEMO_SEED.agents.supervisor, accountId: account });
    expect(sent.map((action) => action.actionId)).toContain(first!.actionId);

    // Nothing recorded it: the next flush (after the next change) sends it again, with the new one.
    await rename('Priya Two');
    await settled();
    expect((await pending()).map((action) => action.actionId)[0]).toBe(first!.actionId);
    expect(sent.filter((action) => action.actionId === first!.actionId).length).toBeGreaterThanOrEqual(2);

    // activity-logs records the first under the action's idempotency key.
    await subgraph()
      .db.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true })
      .collection(ACTIVITY_CHAIN.events)
      .insertOne({ tenantId: 'demo', sequence: 1, idempotencyKey: agentActionIdempotencyKey(first!.actionId) });
    const sentBefore = sent.filter((action) => action.actionId === first!.actionId).length;
    await rename('Priya Three');
    await settled();
    const left = await pending();
    expect(left.map((action) => action.actionId)).not.toContain(first!.actionId);
    expect(left).toHaveLength(2);
    expect(sent.filter((action) => action.actionId === first!.actionId)).toHaveLength(sentBefore);
  });
});
