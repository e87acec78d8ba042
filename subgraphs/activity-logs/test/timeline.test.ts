import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type AgentActionPayload } from '@vigil/core';
import { as, CHROME, nextInstant, RECORD, startActivityLogs, type Harness } from './harness.js';

const T = 'tl';
const analyst = as(['SECURITY_ANALYST'], [T], 'analyst-1');
const agent = as(['AGENT'], [T], 'agent-7');
const EVENTS = `query ($filter: ActivityFilter, $first: Int) { activityEvents(tenantId: "${T}", filter: $filter, first: $first) {
  edges { node { id type category outcome ip geo { country } actor { type id } metadata review { flagged flaggedBy flagReason reviewedBy reviewedAt } } } } }`;
type Node = {
  id: string;
  type: string;
  ip: string | null;
  geo: { country: string } | null;
  actor: { type: string; id: string | null };
  metadata: Record<string, unknown> | null;
  review: Record<string, unknown>;
};

describe('timeline, review, statistics, live timeline', () => {
  let h: Harness;
  const from = nextInstant();
  beforeAll(async () => {
    h = await startActivityLogs();
    const events = [
      { accountId: 'a1', type: 'user.session.start', occurredAt: nextInstant(), ip: '8.8.8.8', userAgent: CHROME },
      { accountId: 'a1', type: 'user.authentication.failed', occurredAt: nextInstant(), ip: '81.2.69.142' },
      { accountId: 'a1', type: 'user.authentication.failed', occurredAt: nextInstant(), ip: '81.2.69.143' },
      { accountId: 'a2', type: 'user.authentication.failed', occurredAt: nextInstant(), ip: '81.2.69.142' },
      {
        accountId: 'a2',
        type: 'interaction.chat.closed',
        occurredAt: nextInstant(),
        actorType: 'AGENT',
        actorId: 'agent-7',
        metadata: { note: 'Customer asked about Card Replacement' },
      },
      {
        accountId: 'a2',
        type: 'transaction.payment.created',
        occurredAt: nextInstant(),
        outcome: 'SUCCESS',
        metadata: { amount: 120.5, currency: 'EUR' },
      },
    ];
    const { errors } = await h.call(as(['INGEST'], [T]), RECORD, { tenantId: T, events });
    expect(errors).toBeUndefined();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function list(filter: Record<string, unknown>, identity = analyst): Promise<Node[]> {
    const { data, errors } = await h.call<{ activityEvents: { edges: { node: Node }[] } }>(identity, EVENTS, { filter });
    expect(errors).toBeUndefined();
    return data!.activityEvents.edges.map((edge) => edge.node);
  }

  it('filters by category, outcome, type prefix, actor and time range', async () => {
    expect((await list({ categories: ['FAILURE'] })).map((node) => node.type)).toEqual(
      Array(3).fill('user.authentication.failed'),
    );
    expect((await list({ outcomes: ['SUCCESS'] })).map((node) => node.type)).toEqual([
      'transaction.payment.created',
      'user.session.start',
    ]);
    expect(await list({ typePrefix: 'user.session.' })).toHaveLength(1);
    expect((await list({ actorTypes: ['AGENT'] }))[0]).toMatchObject({
      type: 'interaction.chat.closed',
      actor: { type: 'AGENT', id: 'agent-7' },
    });
    expect(await list({ from, to: new Date(Date.parse(from) + 2500).toISOString() })).toHaveLength(2);
  });

  it('filters by IP / CIDR, country and free text in metadata', async () => {
    expect(await list({ ipCidr: '81.2.69.0/24' })).toHaveLength(3);
    expect(await list({ ipCidr: '81.2.69.143' })).toHaveLength(1);
    expect((await list({ countries: ['us'] })).map((node) => node.ip)).toEqual(['8.8.8.8']);
    expect((await list({ text: 'card repl' })).map((node) => node.type)).toEqual(['interaction.chat.closed']);
  });

  it('refuses PII filters to roles that see PII masked, and masks what they see', async () => {
    const { errors } = await h.call(agent, EVENTS, { filter: { ipCidr: '81.2.69.0/24' } });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nodes = await list({ typePrefix: 'interaction.' }, agent);
    expect(nodes[0]!.metadata).toBeNull();
    const failed = await list({ categories: ['FAILURE'] }, agent);
    expect(failed.map((node) => node.ip)).toEqual(['81.2.69.x', '81.2.69.x', '81.2.69.x']);
  });

  it('rejects a foreign cursor and an invalid CIDR with BAD_USER_INPUT', async () => {
    const badCursor = await h.call(
      analyst,
      `{ activityEvents(tenantId: "${T}", after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`,
    );
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCidr = await h.call(analyst, EVENTS, { filter: { ipCidr: '81.2.69.0/40' } });
    expect(badCidr.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reviewers flag events and mark them reviewed, with who and when', async () => {
    const [target] = await list({ typePrefix: 'transaction.' });
    const flagged = await h.call<{ flagActivityEvent: Node }>(
      agent,
      `mutation { flagActivityEvent(id: "${target!.id}", reason: "amount unusual") { review { flagged flaggedBy flagReason } } }`,
    );
    expect(flagged.data?.flagActivityEvent.review).toEqual({ flagged: true, flaggedBy: 'agent-7', flagReason: 'amount unusual' });
    const reviewed = await h.call<{ markActivityEventReviewed: Node }>(
      analyst,
      `mutation { markActivityEventReviewed(id: "${target!.id}") { review { reviewedBy reviewedAt } } }`,
    );
    expect(reviewed.data?.markActivityEventReviewed.review).toMatchObject({
      reviewedBy: 'analyst-1',
      reviewedAt: expect.any(String),
    });
    expect((await list({ flagged: true })).map((node) => node.id)).toEqual([target!.id]);
    expect((await list({ reviewed: false })).map((node) => node.id)).not.toContain(target!.id);
    const auditorCannotFlag = await h.call(as(['AUDITOR'], [T]), `mutation { flagActivityEvent(id: "${target!.id}") { id } }`);
    expect(auditorCannotFlag.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherTenant = await h.call(as(['AGENT'], ['other']), `mutation { flagActivityEvent(id: "${target!.id}") { id } }`);
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('computes statistics with aggregation pipelines; IPs only for PII readers', async () => {
    const query = `query ($from: DateTime!, $to: DateTime!) { activityStats(tenantId: "${T}", from: $from, to: $to) {
      total failedLogins successfulLogins failedLoginRate byType { key count } byOutcome { key count } byHour { key count } topIps { key count } topCountries { key count } } }`;
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
    const { data, errors } = await h.call<{ activityStats: Record<string, unknown> }>(analyst, query, range);
    expect(errors).toBeUndefined();
    expect(data?.activityStats).toMatchObject({
      total: 6,
      failedLogins: 3,
      successfulLogins: 1,
      failedLoginRate: 0.75,
      topIps: [
        { key: '81.2.69.142', count: 2 },
        { key: '8.8.8.8', count: 1 },
        { key: '81.2.69.143', count: 1 },
      ],
      topCountries: [
        { key: 'GB', count: 3 },
        { key: 'US', count: 1 },
      ],
    });
    expect(data?.activityStats.byType).toContainEqual({ key: 'user.authentication.failed', count: 3 });
    expect(data?.activityStats.byOutcome).toContainEqual({ key: 'FAILURE', count: 3 });
    expect((data?.activityStats.byHour as { count: number }[]).reduce((sum, row) => sum + row.count, 0)).toBe(6);
    const supervisor = await h.call<{ activityStats: { topIps: unknown } }>(as(['SUPERVISOR'], [T]), query, range);
    expect(supervisor.data?.activityStats.topIps).toBeNull();
    const agentStats = await h.call(agent, query, range);
    expect(agentStats.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('logs agent actions from recovery-cases into the chain once, even when redelivered', async () => {
    const action: AgentActionPayload = {
      actionId: 'act-1',
      tenantId: T,
      accountId: 'a3',
      agentId: 'agent-7',
      action: 'verification.recorded',
      caseId: 'case-9',
      occurredAt: nextInstant(),
      metadata: { method: 'OTP' },
    };
    await h.bus.publish(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    await h.bus.publish(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    await h.bus.idle();
    const stored = await h.events().find({ tenantId: T, accountId: 'a3' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'agent.action.verification.recorded',
      category: 'AGENT_ACTIVITY',
      actor: { type: 'AGENT', id: 'agent-7' },
      metadata: { method: 'OTP', caseId: 'case-9' },
    });
  });
});
