import { TOPICS, type AlertEscalatedPayload } from '@vigil/core';
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED, startRecoveryCases, supervisor } from './harness.js';

const escalation = (overrides: Partial<AlertEscalatedPayload> = {}): AlertEscalatedPayload => ({
  alertId: 'alert-7f3a',
  tenantId: 'demo',
  accountId: DEMO_SEED.accounts.jordan,
  caseId: 'b7c1c0de-0000-4000-8000-000000000001',
  ruleId: 'takeover-chain',
  severity: 'CRITICAL',
  reason: 'Password reset, new device and email change within an hour',
  escalatedBy: DEMO_SEED.agents.supervisor,
  escalatedAt: new Date().toISOString(),
  ...overrides,
});

describe('escalated alerts open recovery cases from the bus', () => {
  const rc = perSuite(startRecoveryCases);

  it('opens the case the alert cites, linked to it, once even when the message comes twice', async () => {
    const payload = escalation();
    await rc().bus.publish(TOPICS.alertEscalated, payload, { dedupeKey: 'first' });
    await rc().bus.publish(TOPICS.alertEscalated, payload, { dedupeKey: 'redelivered' });
    await rc().bus.idle();
    const data = await rc().ok<{
      recoveryCase: { id: string; status: string; reason: string; priority: string; notes: { body: string }[] };
    }>(supervisor, 'query ($id: ID!) { recoveryCase(id: $id) { id status reason priority notes { body } } }', {
      id: payload.caseId,
    });
    expect(data.recoveryCase).toMatchObject({
      id: payload.caseId,
      status: 'OPEN',
      reason: 'SUSPECTED_COMPROMISE',
      priority: 'URGENT',
    });
    expect(data.recoveryCase.notes[0]?.body).toMatch(/alert-7f3a/);
    const linked = await rc().db.connection.collection('recovery_cases').countDocuments({ linkedAlertIds: 'alert-7f3a' });
    expect(linked).toBe(1);
  });

  it('opens nothing for an account it does not know, and keeps consuming', async () => {
    const unknown = escalation({ accountId: 'acc-nobody', caseId: 'b7c1c0de-0000-4000-8000-000000000002' });
    await rc().bus.publish(TOPICS.alertEscalated, unknown, { dedupeKey: 'unknown-account' });
    await rc().bus.idle();
    const missing = await rc().call(supervisor, 'query ($id: ID!) { recoveryCase(id: $id) { id } }', { id: unknown.caseId });
    expect(missing.data?.recoveryCase ?? null).toBeNull();
  });

  it('drops a message whose severity is not one of ours, even one named like an object property', async () => {
    // "constructor" was found on the priority table's prototype: the case would have been opened with a function as
    // its priority.
    const odd = escalation({
      severity: 'constructor' as AlertEscalatedPayload['severity'],
      caseId: 'b7c1c0de-0000-4000-8000-000000000003',
    });
    await rc().bus.publish(TOPICS.alertEscalated, odd, { dedupeKey: 'odd-severity' });
    await rc().bus.idle();
    const opened = await rc().db.connection.collection<{ _id: string }>('recovery_cases').countDocuments({ _id: odd.caseId });
    expect(opened).toBe(0);
  });
});
