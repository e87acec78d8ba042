import { MongoActivityChainReader } from '@vigil/core';
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

const ingest = as(['INGEST'], ['t1'], 'idp');
const analyst = as(['SECURITY_ANALYST'], ['t1']);

describe('activity-logs skeleton', () => {
  const h = perSuite(startActivityLogs);

  it('records ten failed logins from one IP, enriched, chained, and publishes one activity.recorded for the batch', async () => {
    const events = Array.from({ length: 10 }, () => failedLogin('acct-1'));
    const { data, errors } = await h().call<{ recordActivities: { recordedCount: number; events: Record<string, unknown>[] } }>(
      ingest,
      RECORD,
      { tenantId: 't1', events },
    );
    expect(errors).toBeUndefined();
    expect(data?.recordActivities.recordedCount).toBe(10);
    const recorded = data!.recordActivities.events;
    expect(recorded.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(recorded[0]).toMatchObject({
      type: 'user.authentication.failed',
      category: 'FAILURE',
      outcome: 'FAILURE',
      device: { browser: 'Chrome 120', os: 'Windows 10' },
    });
    // INGEST is not a PII reader: what it gets back is masked like for an agent.
    expect(recorded[0]!.ip).toBe('81.2.69.x');
    expect(recorded.map((event) => event.firstSeenDevice)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(recorded[0]!.firstSeenCountry).toBe(true);
    await h().bus.idle();
    // One message for the batch: which part of which chain moved. Consumers read the events from the chain.
    const mine = h().published.filter((message) => message.payload.tenantId === 't1');
    expect(mine.map((message) => [message.payload, message.dedupeKey])).toEqual([
      [{ tenantId: 't1', fromSequence: 1, toSequence: 10 }, 't1:1-10'],
    ]);
    const replayed = await new MongoActivityChainReader(h().db.connection).readAfter('t1', 0, 100);
    expect(replayed.map((entry) => entry.payload?.eventId)).toEqual(recorded.map((event) => event.id));
    expect(replayed[0]!.payload).toMatchObject({
      tenantId: 't1',
      type: 'user.authentication.failed',
      outcome: 'FAILURE',
      ip: '81.2.69.142',
      geo: { country: 'GB' },
    });
  });

  it('keeps a committed batch in the outbox when the bus is down, and the relay publishes it later', async () => {
    const publish = h().bus.publish.bind(h().bus);
    let sequence = 0;
    h().bus.publish = async () => {
      throw new Error('bus down');
    };
    try {
      const { data, errors } = await h().call<{ recordActivities: { recordedCount: number; events: { sequence: number }[] } }>(
        ingest,
        RECORD,
        { tenantId: 't1', events: [failedLogin('acct-outbox')] },
      );
      expect(errors).toBeUndefined();
      expect(data?.recordActivities.recordedCount).toBe(1);
      sequence = data!.recordActivities.events[0]!.sequence;
    } finally {
      h().bus.publish = publish;
    }
    await h().bus.idle();
    expect(h().announced('t1')).not.toContain(sequence);
    expect(await h().db.connection.collection('activity_outbox').countDocuments()).toBe(1);
    expect(await h().subgraph.services.recorder.republishPending(0)).toBe(1);
    await h().bus.idle();
    expect(
      h()
        .announced('t1')
        .filter((announced) => announced === sequence),
    ).toHaveLength(1);
    expect(await h().db.connection.collection('activity_outbox').countDocuments()).toBe(0);
  });

  it('rejects a bad batch item by item with BAD_USER_INPUT and writes nothing', async () => {
    const before = await h().events().countDocuments();
    const { errors } = await h().call(ingest, RECORD, {
      tenantId: 't1',
      events: [failedLogin('acct-1'), failedLogin('acct-1', { type: 'user.authentcation.failed', ip: 'nope' })],
    });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toContain('user.authentication.failed');
    expect(errors?.[0]?.extensions?.fields).toMatchObject({
      'events[1].type': expect.stringContaining('Unknown event type'),
      'events[1].ip': expect.any(String),
    });
    expect(await h().events().countDocuments()).toBe(before);
  });

  it('only INGEST may record, and only for its own tenants', async () => {
    const denied = await h().call(analyst, RECORD, { tenantId: 't1', events: [failedLogin('acct-1')] });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherTenant = await h().call(ingest, RECORD, { tenantId: 't2', events: [failedLogin('acct-1')] });
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is idempotent on idempotencyKey: a retried batch never duplicates', async () => {
    const events = [failedLogin('acct-2', { idempotencyKey: 'idp-1' }), failedLogin('acct-2', { idempotencyKey: 'idp-2' })];
    const first = await h().call<{
      recordActivities: { recordedCount: number; duplicateCount: number; events: { id: string }[] };
    }>(ingest, RECORD, { tenantId: 't1', events });
    const retry = await h().call<{
      recordActivities: { recordedCount: number; duplicateCount: number; events: { id: string }[] };
    }>(ingest, RECORD, { tenantId: 't1', events });
    expect(first.data?.recordActivities).toMatchObject({ recordedCount: 2, duplicateCount: 0 });
    expect(retry.data?.recordActivities).toMatchObject({ recordedCount: 0, duplicateCount: 2 });
    expect(retry.data?.recordActivities.events.map((event) => event.id)).toEqual(
      first.data?.recordActivities.events.map((event) => event.id),
    );
    expect(await h().events().countDocuments({ accountId: 'acct-2' })).toBe(2);
  });

  it("pages Account.activity newest first via _entities, scoped to the caller's tenant", async () => {
    const query = `query ($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on Account { id activity(first: 4, after: $after) { edges { cursor node { sequence ip } } pageInfo { hasNextPage endCursor } } } } }`;
    type Page = {
      _entities: {
        activity: { edges: { node: { sequence: number; ip: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }[];
    };
    const reps = [{ __typename: 'Account', id: 'acct-1' }];
    const seen: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const { data, errors } = await h().call<Page>(analyst, query, { reps, after });
      expect(errors).toBeUndefined();
      const activity = data!._entities[0]!.activity;
      seen.push(...activity.edges.map((edge) => edge.node.sequence));
      if (!activity.pageInfo.hasNextPage) break;
      after = activity.pageInfo.endCursor;
    }
    expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const asAnalyst = await h().call<Page>(analyst, query, { reps });
    expect(asAnalyst.data!._entities[0]!.activity.edges[0]!.node.ip).toBe('81.2.69.142');
    const agent = await h().call<Page>(as(['AGENT']), query, { reps });
    expect(agent.data!._entities[0]!.activity.edges[0]!.node.ip).toBe('81.2.69.x');
    const otherTenant = await h().call<Page>(as(['SECURITY_ANALYST'], ['t2']), query, { reps });
    expect(otherTenant.data!._entities[0]!.activity.edges).toEqual([]);
  });

  it("does not return another tenant's event through _entities", async () => {
    const { data } = await h().call<{ activityEvents: { edges: { node: { id: string } }[] } }>(
      analyst,
      '{ activityEvents(tenantId: "t1", first: 1) { edges { node { id } } } }',
    );
    const id = data!.activityEvents.edges[0]!.node.id;
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on ActivityEvent { id type } } }`;
    const own = await h().call<{ _entities: unknown[] }>(analyst, query, { reps: [{ __typename: 'ActivityEvent', id }] });
    expect(own.data?._entities[0]).toMatchObject({ id });
    const foreign = await h().call<{ _entities: unknown[] }>(as(['SECURITY_ANALYST'], ['t2']), query, {
      reps: [{ __typename: 'ActivityEvent', id }],
    });
    expect(foreign.data?._entities[0]).toBeNull();
    const direct = await h().call(as(['SECURITY_ANALYST'], ['t2']), '{ activityEvents(tenantId: "t1") { edges { cursor } } }');
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
