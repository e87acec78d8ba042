import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, signHttpRouteRequest, TOPICS, UPSTREAM_IDENTITY_HEADER, type AgentActionPayload } from '@vigil/core';
import { consumeVigilEvents } from '../src/adapters/events/vigil-event-consumer.js';
import { writeVigilEvent } from '../src/application/vigil-events.js';
import { VIGIL_RECORDERS } from '../src/application/vigil-recorders.js';
import { as, failedLogin, nextInstant, RECORD, startActivityLogs, type Harness } from './harness.js';

/** One type per family only Vigil writes: erasure, purge, admin actions, any other system event, agent actions. */
const RESERVED = [
  ['erasure', 'system.privacy.account_erased', 'system.*'],
  ['retention purge', 'system.retention.purged', 'system.*'],
  ['administrator action', 'system.admin.role_granted', 'system.*'],
  ['other system event', 'system.checkpoint.signed', 'system.*'],
  ['agent action', 'agent.action.case.status_changed', 'agent.action.*'],
] as const;

interface NdjsonReport {
  recorded: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; field: string; message: string; code?: string }[];
}

describe('who may write what into the chain', () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await startActivityLogs();
    base = new URL(h.url).origin;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const postNdjson = async (tenantId: string, lines: readonly object[]): Promise<{ status: number; report: NdjsonReport }> => {
    const path = `/activity/events?tenantId=${tenantId}`;
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(as(['INGEST'], [tenantId], 'shipper'), 'POST', path, {
          key: h.config.GATEWAY_SIGNING_KEY,
          audience: 'activity-logs',
        }),
        'content-type': 'application/x-ndjson',
      },
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    return { status: response.status, report: (await response.json()) as NdjsonReport };
  };

  describe.each(RESERVED)('the %s type %s', (_family, type, pattern) => {
    it('is refused per event in recordActivities, naming the event and who writes it', async () => {
      const tenantId = `reserved-gql-${type.replace(/\./g, '-')}`;
      const events = [failedLogin('acct-1'), { accountId: 'acct-1', type, occurredAt: nextInstant(), actorId: 'agent-7' }];
      const { errors } = await h.call(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const fields = errors?.[0]?.extensions?.fields as Record<string, string>;
      expect(Object.keys(fields)).toEqual(['events[1].type']);
      expect(fields['events[1].type']).toContain(`"${type}" is reserved`);
      expect(fields['events[1].type']).toContain(pattern);
      expect(await h.events().countDocuments({ tenantId })).toBe(0);
    });

    it('is refused on its NDJSON line while the other lines are recorded', async () => {
      const tenantId = `reserved-ndjson-${type.replace(/\./g, '-')}`;
      const { status, report } = await postNdjson(tenantId, [
        failedLogin('acct-1'),
        { accountId: 'acct-1', type, occurredAt: nextInstant() },
        failedLogin('acct-2'),
      ]);
      expect(status).toBe(200);
      expect(report).toMatchObject({ recorded: 2, rejected: 1 });
      expect(report.errors).toEqual([{ line: 2, field: 'type', message: expect.stringContaining(`"${type}" is reserved`) }]);
      expect(await h.events().countDocuments({ tenantId, type })).toBe(0);
    });
  });

  it('lists which types a client may send', async () => {
    const { data } = await h.call<{ activityEventTypes: { type: string; clientMaySend: boolean }[] }>(
      as(['INGEST'], ['types']),
      '{ activityEventTypes(tenantId: "types") { type clientMaySend } }',
    );
    const byType = new Map(data?.activityEventTypes.map((entry) => [entry.type, entry.clientMaySend]));
    expect(byType.get('system.*')).toBe(false);
    expect(byType.get('agent.action.*')).toBe(false);
    expect(byType.get('integration.*')).toBe(true);
    expect(byType.get('user.authentication.failed')).toBe(true);
  });

  it('agent actions still arrive from recovery-cases over the bus', async () => {
    const action: AgentActionPayload = {
      actionId: 'boundary-action-1',
      tenantId: 'reserved-bus',
      accountId: 'acct-9',
      agentId: 'agent-3',
      action: 'case.opened',
      caseId: 'case-1',
      occurredAt: nextInstant(),
      metadata: {},
    };
    await h.bus.publish(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    await h.bus.idle();
    expect(await h.events().findOne({ tenantId: 'reserved-bus' })).toMatchObject({
      type: 'agent.action.case.opened',
      actor: { type: 'AGENT', id: 'agent-3' },
    });
  });

  it('Vigil-internal sources write their own family only (administrator actions over the bus)', async () => {
    const { recorder, settings } = h.subgraph.services;
    const admin = (type: string) => ({
      accountId: 'acct-1',
      type,
      occurredAt: nextInstant(),
      actorType: 'SYSTEM',
      actorId: 'admin-1',
    });
    expect(
      await writeVigilEvent(
        recorder,
        settings,
        'vigil-admin',
        admin('system.privacy.account_erased'),
        'system.admin.',
        VIGIL_RECORDERS.adminActions,
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'type', message: 'This source writes only system.admin.* events.' }],
    });
    interface AdminAction {
      readonly id: string;
      readonly tenantId: string;
      readonly action: string;
    }
    const subscription = await consumeVigilEvents<AdminAction>(
      h.bus,
      {
        topic: 'test.admin-action',
        consumerGroup: 'activity-logs-test',
        family: 'system.admin.',
        recordedBy: VIGIL_RECORDERS.adminActions,
        toEvent: (payload) => ({
          tenantId: payload.tenantId,
          logContext: { id: payload.id },
          draft: { ...admin(`system.admin.${payload.action}`), idempotencyKey: `admin:${payload.id}` },
        }),
      },
      recorder,
      settings,
      createLogger({ name: 'test', level: 'silent' }),
    );
    await h.bus.publish('test.admin-action', { id: 'a1', tenantId: 'vigil-admin', action: 'role_granted' }, { dedupeKey: 'a1' });
    await h.bus.idle();
    await subscription.close();
    expect(await h.events().findOne({ tenantId: 'vigil-admin' })).toMatchObject({
      type: 'system.admin.role_granted',
      category: 'SYSTEM',
    });
  });

  describe('idempotency keys', () => {
    it('a key re-sent with different content is a CONFLICT naming the key; the same content is a duplicate', async () => {
      const tenantId = 'idem-gql';
      const ingest = as(['INGEST'], [tenantId]);
      const original = failedLogin('acct-1', { idempotencyKey: 'idp-42' });
      const first = await h.call(ingest, RECORD, { tenantId, events: [original] });
      expect(first.errors).toBeUndefined();
      const same = await h.call<{ recordActivities: { duplicateCount: number } }>(ingest, RECORD, {
        tenantId,
        events: [original],
      });
      expect(same.data?.recordActivities.duplicateCount).toBe(1);

      for (const changed of [
        { ...original, accountId: 'acct-2' },
        { ...original, type: 'user.mfa.challenge.denied' },
        { ...original, ip: '203.0.113.5' },
      ]) {
        const { errors } = await h.call(ingest, RECORD, { tenantId, events: [changed] });
        expect(errors?.[0]?.extensions?.code).toBe('CONFLICT');
        expect(errors?.[0]?.message).toContain('idempotencyKey "idp-42"');
      }
      expect(await h.events().countDocuments({ tenantId })).toBe(1);
    });

    it('NDJSON answers a per-line CONFLICT naming the key and records the other lines', async () => {
      const tenantId = 'idem-ndjson';
      const original = failedLogin('acct-1', { idempotencyKey: 'ship-7' });
      expect((await postNdjson(tenantId, [original])).report).toMatchObject({ recorded: 1 });
      const { status, report } = await postNdjson(tenantId, [
        failedLogin('acct-3', { idempotencyKey: 'ship-8' }),
        { ...original, accountId: 'acct-2' },
      ]);
      expect(status).toBe(200);
      expect(report).toMatchObject({ recorded: 1, duplicates: 0, rejected: 1 });
      expect(report.errors).toEqual([
        { line: 2, field: 'idempotencyKey', code: 'CONFLICT', message: expect.stringContaining('idempotencyKey "ship-7"') },
      ]);
      // The same content under the same key stays a plain duplicate.
      expect((await postNdjson(tenantId, [original])).report).toMatchObject({ recorded: 0, duplicates: 1, rejected: 0 });
    });
  });
});
