/**
 * ADR 144: when activity-logs records an account's erasure in the chain, recovery-cases forgets the customer's personal
 * data its cases hold (contact values, free text, the alert reason an escalation copied) and keeps what the audit
 * needs: ids, statuses, who did what and when.
 */
import {
  ACTIVITY_CHAIN,
  foregroundCatchUps,
  TOPICS,
  VIGIL_EVENT_TYPES,
  type ActivityRecordedPayload,
  type AlertEscalatedPayload,
} from '@vigil/core';
import { appendToActivityChain, perSuite, waitForOffset, waitUntil } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { ERASURE_GROUP } from '../src/adapters/events/erasure-consumer.js';
import type { RecoveryCaseRecord } from '../src/application/case-record.js';
import { recoverySteps } from './flows.js';
import { agent, DEMO_SEED, startRecoveryCases, supervisor } from './harness.js';

const { accounts } = DEMO_SEED;
const NEW_EMAIL = 'sam.new@example.net';
const PHONE = '+44 20 7946 0958';
const ATTACKER_IP = '203.0.113.9';

describe('an account erasure in recovery cases', () => {
  const rc = perSuite(startRecoveryCases);
  const cases = (accountId: string) =>
    rc().db.connection.collection<RecoveryCaseRecord>('recovery_cases').find({ tenantId: 'demo', accountId }).toArray();

  /**
   * Records the erasure in the chain as activity-logs does, and waits until recovery-cases followed it; `whileAnnounced`
   * runs right after the bus message.
   */
  const erase = async (accountId: string, whileAnnounced = async () => {}) => {
    const record: ActivityRecordedPayload = {
      eventId: `erasure-${accountId}`,
      tenantId: 'demo',
      accountId,
      type: VIGIL_EVENT_TYPES.accountErased,
      category: 'system',
      outcome: 'SUCCESS',
      occurredAt: new Date().toISOString(),
      actor: { type: 'SYSTEM', id: DEMO_SEED.agents.supervisor },
    };
    await appendToActivityChain(rc().db.connection, [record]);
    const chain = rc()
      .db.connection.useDb(ACTIVITY_CHAIN.dbName)
      .collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.events);
    const stored = await chain.findOne({ _id: record.eventId });
    await rc().bus.publish(TOPICS.activityRecorded, record, { dedupeKey: record.eventId });
    await whileAnnounced();
    await waitForOffset(rc().db.connection, ERASURE_GROUP, 'demo', stored!.sequence);
  };

  it("redacts the erased account's contact values and free text in its cases; ids, statuses and times stay", async () => {
    const steps = recoverySteps(rc());
    // An escalated alert opens a case whose first note quotes the analyst's reason (here naming the attacker's IP).
    const escalated: AlertEscalatedPayload = {
      alertId: 'alert-erasure-1',
      tenantId: 'demo',
      accountId: accounts.sam,
      caseId: 'b7c1c0de-0000-4000-8000-0000000000e1',
      ruleId: 'takeover-chain',
      severity: 'HIGH',
      reason: `Email changed to ${NEW_EMAIL} from ${ATTACKER_IP}`,
      escalatedBy: DEMO_SEED.agents.supervisor,
      escalatedAt: new Date().toISOString(),
    };
    await rc().bus.publish(TOPICS.alertEscalated, escalated, { dedupeKey: 'erasure-escalation' });
    await rc().bus.idle();

    // A recovery by phone: a note, a contact change approved with a reason, a reset link sent to the address on file.
    const opened = await steps.open(agent, accounts.sam, 'FORGOTTEN_PASSWORD', 'PHONE', { riskLevel: 'LOW' });
    await rc().ok(agent, `mutation ($id: ID!, $b: String!) { addCaseNote(caseId: $id, body: $b) { id } }`, {
      id: opened.id,
      b: `Caller gave ${PHONE} as a callback number`,
    });
    await steps.verify(agent, opened.id, 'DOCUMENT_CHECK', 'PASSED');
    const requested = await rc().ok<{ requestContactChange: { contactChanges: { id: string }[] } }>(
      agent,
      `mutation ($id: ID!, $v: String!) { requestContactChange(caseId: $id, field: EMAIL, newValue: $v) { contactChanges { id } } }`,
      { id: opened.id, v: NEW_EMAIL },
    );
    await rc().ok(
      supervisor,
      `mutation ($id: ID!, $r: ID!) { decideContactChange(caseId: $id, requestId: $r, approve: true, reason: "matched ID, new address ${NEW_EMAIL}") { id } }`,
      { id: opened.id, r: requested.requestContactChange.contactChanges[0]!.id },
    );
    expect((await steps.issueReset(agent, opened.id)).errors).toBeUndefined();
    // Another customer's case is not touched.
    const other = await steps.open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    await rc().ok(agent, `mutation ($id: ID!) { addCaseNote(caseId: $id, body: "Jordan called from +1 555 010 0199") { id } }`, {
      id: other.id,
    });
    const before = await cases(accounts.sam);
    const onFile = String(
      (before.find((c) => c._id === opened.id)?.resetGrants as { deliveredTo: { address: string } }[])[0]?.deliveredTo.address,
    );

    await erase(accounts.sam);

    const after = await cases(accounts.sam);
    expect(after).toHaveLength(2);
    const text = JSON.stringify(after);
    for (const value of [NEW_EMAIL, PHONE, ATTACKER_IP, onFile]) expect(text).not.toContain(value);
    const recovery = after.find((c) => c._id === opened.id)!;
    expect(recovery.notes).toEqual([expect.objectContaining({ body: '[redacted]', authorId: DEMO_SEED.agents.agent })]);
    expect(recovery.contactChanges).toEqual([
      expect.objectContaining({ field: 'EMAIL', newValue: '[redacted]', status: 'APPROVED', decisionReason: '[redacted]' }),
    ]);
    expect(recovery.resetGrants).toEqual([expect.objectContaining({ deliveredTo: { type: 'EMAIL', address: '[redacted]' } })]);
    expect(recovery.status).toBe(before.find((c) => c._id === opened.id)?.status);
    const escalatedCase = after.find((c) => c._id === escalated.caseId)!;
    expect(escalatedCase.linkedAlertIds).toEqual(['alert-erasure-1']);
    expect(escalatedCase.notes[0]).toMatchObject({ body: '[redacted]' });

    expect(JSON.stringify(await cases(accounts.jordan))).toContain('+1 555 010 0199');
    // The case still reads through GraphQL, redacted.
    const read = await rc().ok<{ recoveryCase: { notes: { body: string }[]; contactChanges: { newValue: string }[] } }>(
      supervisor,
      `query ($id: ID!) { recoveryCase(id: $id) { notes { body } contactChanges { newValue } } }`,
      { id: opened.id },
    );
    expect(read.recoveryCase).toEqual({ notes: [{ body: '[redacted]' }], contactChanges: [{ newValue: '[redacted]' }] });
  });

  it("applies an erasure after the process's foreground catch-ups (detection's) are done (ADR 159)", async () => {
    const phone = '+1 555 010 0142';
    const opened = await recoverySteps(rc()).open(agent, accounts.jordan, 'LOCKED_OUT', 'PHONE');
    await rc().ok(agent, `mutation ($id: ID!, $b: String!) { addCaseNote(caseId: $id, body: $b) { id } }`, {
      id: opened.id,
      b: `Jordan called back from ${phone}`,
    });
    const detectionRuns = foregroundCatchUps.begin();
    try {
      await erase(accounts.jordan, async () => {
        await waitUntil(() => foregroundCatchUps.waiting > 0);
        expect(JSON.stringify(await cases(accounts.jordan))).toContain(phone);
        detectionRuns();
      });
    } finally {
      detectionRuns();
    }
    expect(JSON.stringify(await cases(accounts.jordan))).not.toContain(phone);
  });
});
