import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeEvidence } from '../src/domain/evidence-verification.js';
import { at } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const analyst = identity(['SECURITY_ANALYST']);
const auditor = identity(['AUDITOR']);
const agent = identity(['AGENT']);

const VERIFY = `query($id: ID!) {
  verifyAlertEvidence(alertId: $id) { alertId intact failedEventIds events { eventId status citedSequence citedHash currentHash detail } }
}`;

interface Verification {
  verifyAlertEvidence: {
    intact: boolean;
    failedEventIds: string[];
    events: { eventId: string; status: string; citedSequence: number | null; citedHash: string | null; detail: string }[];
  };
}

describe('verifyAlertEvidence against the activity chain', () => {
  const harness = new AlertsHarness();
  let alertId = '';
  let evidence: { eventId: string; sequence: number; hash: string }[] = [];
  beforeAll(async () => {
    await harness.start();
    for (let i = 0; i < 10; i += 1) {
      await harness.chain.record('demo', {
        accountId: 'acc-ev',
        type: 'user.authentication.failed',
        occurredAt: new Date(at(i)),
        outcome: 'FAILURE',
        idempotencyKey: `fail-${i}`,
        ip: '198.51.100.60',
      });
    }
    await harness.settle();
    const { data } = await harness.graphql<{
      alerts: Page<{ id: string; evidence: { eventId: string; sequence: number; hash: string }[] }>;
    }>(analyst, '{ alerts(filter: { accountId: "acc-ev" }) { edges { node { id evidence { eventId sequence hash } } } } }');
    alertId = nodes(data?.alerts)?.[0]?.id ?? '';
    evidence = nodes(data?.alerts)?.[0]?.evidence ?? [];
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('stores, per evidence event, its chain sequence and hash', () => {
    expect(alertId).not.toBe('');
    expect(evidence).toHaveLength(10);
    for (const ref of evidence) {
      expect(ref.sequence).toBeGreaterThan(0);
      expect(ref.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reports intact while the chain holds the events as cited (auditors may ask, agents may not)', async () => {
    const { data, errors } = await harness.graphql<Verification>(auditor, VERIFY, { id: alertId });
    expect(errors).toBeUndefined();
    expect(data?.verifyAlertEvidence.intact).toBe(true);
    expect(data?.verifyAlertEvidence.events.every((event) => event.status === 'INTACT')).toBe(true);
    const denied = await harness.graphql(agent, VERIFY, { id: alertId });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('names the event that changed, and the one that disappeared', async () => {
    const changed = evidence[3]?.eventId as string;
    const removed = evidence[7]?.eventId as string;
    harness.chain.tamper(changed, { outcome: 'SUCCESS' });
    harness.chain.remove(removed);
    const { data } = await harness.graphql<Verification>(analyst, VERIFY, { id: alertId });
    expect(data?.verifyAlertEvidence.intact).toBe(false);
    expect(data?.verifyAlertEvidence.failedEventIds.sort()).toEqual([changed, removed].sort());
    const byId = new Map(data?.verifyAlertEvidence.events.map((event) => [event.eventId, event]));
    expect(byId.get(changed)?.status).toBe('CHANGED');
    expect(byId.get(removed)?.status).toBe('MISSING');
  });
});

describe('judging one citation', () => {
  const cited = { eventId: 'e1', sequence: 5, hash: 'a'.repeat(64) };
  it('catches a rewritten event whose hash was recomputed to keep its link valid', () => {
    const verdict = judgeEvidence(cited, { eventId: 'e1', stored: { sequence: 5, hash: 'b'.repeat(64) }, chainBreak: null });
    expect(verdict.status).toBe('CHANGED');
  });
  it('catches an event moved to another sequence, and does not call an uncited position proof', () => {
    expect(judgeEvidence(cited, { eventId: 'e1', stored: { sequence: 6, hash: cited.hash }, chainBreak: null }).status).toBe(
      'CHANGED',
    );
    expect(judgeEvidence({ eventId: 'e1' }, undefined).status).toBe('UNVERIFIABLE');
  });
});
