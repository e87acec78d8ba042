/**
 * ADR 147: an erasure recorded in the chain before recovery-cases' erasure consumer first ran (a deployment from
 * before ADR 144, or one whose consumer group is new) still reaches the account's cases once the consumer starts,
 * although the group starts at the chain's head, past the record.
 */
import { CONSUMER_OFFSETS_COLLECTION, VIGIL_EVENT_TYPES, type ActivityRecordedPayload } from '@vigil/core';
import { appendToActivityChain, perSuite, waitUntil } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { ERASURE_GROUP } from '../src/adapters/events/erasure-consumer.js';
import type { RecoveryCaseRecord } from '../src/application/case-record.js';
import { createRecoveryCasesSubgraph } from '../src/index.js';
import { recoverySteps } from './flows.js';
import { agent, DEMO_SEED, startRecoveryCases } from './harness.js';

const { accounts } = DEMO_SEED;
const PHONE = '+44 20 7946 0958';

describe('an erasure recorded before the erasure consumer first ran', () => {
  const rc = perSuite(startRecoveryCases);
  const notesOf = async (caseId: string) =>
    (await rc().db.connection.collection<RecoveryCaseRecord>('recovery_cases').findOne({ _id: caseId }))?.notes ?? [];

  it('redacts the account’s cases once the consumer starts, and leaves another account’s alone', async () => {
    const steps = recoverySteps(rc());
    const erased = await steps.open(agent, accounts.sam, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    const kept = await steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    for (const { id } of [erased, kept]) {
      await rc().ok(agent, `mutation ($id: ID!, $b: String!) { addCaseNote(caseId: $id, body: $b) { id } }`, {
        id,
        b: `Caller gave ${PHONE} as a callback number`,
      });
    }

    // recovery-cases stops; while it is down the account is erased, and its erasure group is as if it never ran
    // (the version before ADR 144 had none; a new consumer group is in the same place): no offsets, no marks.
    await rc().server.stop();
    const record: ActivityRecordedPayload = {
      eventId: 'erasure-before-first-start',
      tenantId: 'demo',
      accountId: accounts.sam,
      type: VIGIL_EVENT_TYPES.accountErased,
      category: 'system',
      outcome: 'SUCCESS',
      occurredAt: new Date().toISOString(),
      actor: { type: 'SYSTEM', id: DEMO_SEED.agents.supervisor },
    };
    await appendToActivityChain(rc().db.connection, [record]);
    await rc()
      .db.connection.collection(CONSUMER_OFFSETS_COLLECTION)
      .deleteMany({ group: { $regex: `^${ERASURE_GROUP}` } });

    const { config, logger, db, bus, pubsub } = rc();
    const again = await createRecoveryCasesSubgraph(
      { config, logger, connection: db.connection, bus, pubsub },
      { env: { NODE_ENV: 'test', RECOVERY_SWEEP_INTERVAL_MS: '3600000' } },
    );
    try {
      await waitUntil(async () => (await notesOf(erased.id))[0]?.body === '[redacted]', 10_000).catch(() => undefined);
      expect(await notesOf(erased.id)).toEqual([expect.objectContaining({ body: '[redacted]' })]);
      expect(JSON.stringify(await notesOf(kept.id))).toContain(PHONE);
    } finally {
      await again.stop();
    }
  });
});
