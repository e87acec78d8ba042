/**
 * Every event names who recorded it (ADR 145): a client (recordActivities, NDJSON) as CLIENT with its token's subject,
 * Vigil's own writers (agent and administrator actions over the bus, erasure) as VIGIL with the source's name. The
 * chain hashes it, so a look-alike staff action a client sent can never pass for one Vigil attested.
 */
import { describe, expect, it } from 'vitest';
import { perSuite } from '@vigil/testing';
import { Types } from 'mongoose';
import {
  signHttpRouteRequest,
  TOPICS,
  UPSTREAM_IDENTITY_HEADER,
  type AdminActionPayload,
  type AgentActionPayload,
} from '@vigil/core';
import type { ActivityEventDocument } from '../src/adapters/mongo/index.js';
import { chainContentOf } from '../src/application/stored-event.js';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/domain/canonical.js';
import { parseRecordedBy } from '../src/domain/recorded-by.js';
import { GENESIS_HASH, type ChainContent } from '../src/domain/hash-chain.js';
import { chainChecks } from './chain-checks.js';
import { as, nextInstant, RECORD, startActivityLogs } from './harness.js';

interface RecordedBy {
  kind: 'CLIENT' | 'VIGIL';
  id: string;
}
interface Node {
  type: string;
  actor: { type: string; id: string | null };
  recordedBy: RecordedBy | null;
}

const TIMELINE = `query ($tenantId: ID!, $filter: ActivityFilter) {
  activityEvents(tenantId: $tenantId, first: 50, filter: $filter) { edges { node { type actor { type id } recordedBy { kind id } } } }
}`;

/**
 * The links as the chain code before ADR 145 wrote them (its linkHash, verbatim), so the test does not take the
 * current code's word that an old event hashes as it did.
 */
function legacyChain(
  contents: readonly Omit<ChainContent, 'recordedBy'>[],
): { sequence: number; prevHash: string; hash: string }[] {
  let prevHash = GENESIS_HASH;
  return contents.map((content, index) => {
    const sequence = index + 1;
    const encoded = canonicalJson({
      v: 1,
      sequence,
      prevHash,
      content: { ...content, actor: { ...content.actor }, device: content.device ? { ...content.device } : undefined },
    });
    const link = { sequence, prevHash, hash: createHash('sha256').update(encoded).digest('hex') };
    prevHash = link.hash;
    return link;
  });
}

/** A client's look-alike of a staff change: a client-writable type, an AGENT actor naming a real supervisor. */
const lookAlike = (extra: Record<string, unknown> = {}) => ({
  accountId: 'acct-1',
  type: 'account.contact.email_changed',
  occurredAt: nextInstant(),
  actorType: 'AGENT',
  actorId: 'supervisor-1',
  ...extra,
});

describe('who recorded each event', () => {
  const h = perSuite(startActivityLogs);
  const { alter, verify } = chainChecks(h);

  const timeline = async (tenantId: string, filter?: Record<string, unknown>): Promise<Node[]> => {
    const { data, errors } = await h().call<{ activityEvents: { edges: { node: Node }[] } }>(
      as(['AUDITOR'], [tenantId]),
      TIMELINE,
      { tenantId, ...(filter ? { filter } : {}) },
    );
    expect(errors).toBeUndefined();
    return data!.activityEvents.edges.map((edge) => edge.node);
  };

  const postNdjson = async (tenantId: string, subject: string, lines: readonly object[]) => {
    const path = `/activity/events?tenantId=${tenantId}`;
    const response = await fetch(`${new URL(h().url).origin}${path}`, {
      method: 'POST',
      headers: {
        [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(as(['INGEST'], [tenantId], subject), 'POST', path, {
          key: h().config.GATEWAY_SIGNING_KEY,
          audience: 'activity-logs',
        }),
        'content-type': 'application/x-ndjson',
      },
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("stores a client's AGENT look-alike as recorded by that client; Vigil's own writes as recorded by Vigil", async () => {
    const tenantId = 'provenance';
    const recorded = await h().call<{ recordActivities: { events: { recordedBy: RecordedBy }[] } }>(
      as(['INGEST'], [tenantId], 'svc-idp'),
      `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) {
        recordActivities(tenantId: $tenantId, events: $events) { events { recordedBy { kind id } } } }`,
      { tenantId, events: [lookAlike()] },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordActivities.events).toEqual([{ recordedBy: { kind: 'CLIENT', id: 'svc-idp' } }]);

    const shipped = await postNdjson(tenantId, 'svc-shipper', [lookAlike({ accountId: 'acct-2' })]);
    expect(shipped).toMatchObject({ status: 200, body: { recorded: 1 } });

    const action: AgentActionPayload = {
      actionId: 'provenance-action-1',
      tenantId,
      accountId: 'acct-1',
      agentId: 'supervisor-1',
      action: 'account.updated',
      occurredAt: nextInstant(),
      metadata: { changedFields: ['email'] },
    };
    await h().bus.publish(TOPICS.agentAction, action, { dedupeKey: action.actionId });
    const adminAction: AdminActionPayload = {
      actionId: 'provenance-admin-1',
      tenantId,
      actorId: 'admin-1',
      action: 'webhook.registered',
      target: { type: 'webhook', id: 'hook-1' },
      occurredAt: nextInstant(),
    };
    await h().bus.publish(TOPICS.adminAction, adminAction, { dedupeKey: adminAction.actionId });
    await h().bus.idle();

    const events = await timeline(tenantId);
    const byType = (type: string) => events.filter((event) => event.type === type).map((event) => event.recordedBy);
    expect(byType('account.contact.email_changed')).toEqual(
      expect.arrayContaining([
        { kind: 'CLIENT', id: 'svc-idp' },
        { kind: 'CLIENT', id: 'svc-shipper' },
      ]),
    );
    expect(byType('agent.action.account.updated')).toEqual([{ kind: 'VIGIL', id: 'agent-actions' }]);
    expect(byType('system.admin.webhook.registered')).toEqual([{ kind: 'VIGIL', id: 'admin-actions' }]);
    // The actor alone cannot tell them apart: both name the same supervisor as an AGENT.
    const supervisorEvents = events.filter((event) => event.type !== 'system.admin.webhook.registered');
    expect(new Set(supervisorEvents.map((event) => JSON.stringify(event.actor)))).toEqual(
      new Set([JSON.stringify({ type: 'AGENT', id: 'supervisor-1' })]),
    );
    expect(
      await h().events().findOne({ tenantId, 'actor.id': 'supervisor-1', type: 'account.contact.email_changed' }),
    ).toMatchObject({
      recordedBy: { kind: 'CLIENT' },
    });
  });

  it('filters the timeline to what Vigil recorded, or what clients recorded', async () => {
    const tenantId = 'provenance-filter';
    const { errors } = await h().call(as(['INGEST'], [tenantId], 'svc-crm'), RECORD, { tenantId, events: [lookAlike()] });
    expect(errors).toBeUndefined();
    const erased = await h().call(
      as(['ADMIN'], [tenantId], 'admin-1'),
      `mutation { eraseAccountActivity(tenantId: "${tenantId}", accountId: "acct-1") { erasedEventCount } }`,
    );
    expect(erased.errors).toBeUndefined();

    const vigil = await timeline(tenantId, { recordedBy: 'VIGIL' });
    expect(vigil.map((event) => [event.type, event.recordedBy])).toEqual([
      ['system.privacy.account_erased', { kind: 'VIGIL', id: 'account-erasure' }],
    ]);
    const clients = await timeline(tenantId, { recordedBy: 'CLIENT' });
    expect(clients.map((event) => [event.type, event.recordedBy])).toEqual([
      ['account.contact.email_changed', { kind: 'CLIENT', id: 'svc-crm' }],
    ]);
  });

  it('refuses a client whose subject is not a recordable id, and records nothing', async () => {
    const tenantId = 'provenance-subject';
    const { errors } = await h().call(as(['INGEST'], [tenantId], 'svc idp<script>'), RECORD, {
      tenantId,
      events: [lookAlike()],
    });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0]?.message).toContain('subject');
    const shipped = await postNdjson(tenantId, 'x'.repeat(129), [lookAlike()]);
    expect(shipped.status).toBe(403);
    expect(await h().events().countDocuments({ tenantId })).toBe(0);
  });

  it('records a client whose identity provider puts a "|" in its subjects, under that subject whole', async () => {
    const tenantId = 'provenance-pipe';
    const subject = 'auth0|5f7c8ec7c33c6c004bbafe82';
    const { errors } = await h().call(as(['INGEST'], [tenantId], subject), RECORD, { tenantId, events: [lookAlike()] });
    expect(errors).toBeUndefined();
    const shipped = await postNdjson(tenantId, 'google-oauth2|104729', [lookAlike()]);
    expect(shipped.status).toBe(200);
    const recorded = await timeline(tenantId, { recordedBy: 'CLIENT' });
    expect(recorded.map((event) => event.recordedBy?.id).sort()).toEqual([
      'auth0|5f7c8ec7c33c6c004bbafe82',
      'google-oauth2|104729',
    ]);
    expect(parseRecordedBy({ kind: 'CLIENT', id: subject })).toEqual({ kind: 'CLIENT', id: subject });
  });

  it("masks a recorder id that is someone's email by role, like an actor id; a service id is shown whole", async () => {
    const tenantId = 'provenance-masked';
    const { errors } = await h().call(as(['INGEST'], [tenantId], 'jane.doe@example.com'), RECORD, {
      tenantId,
      events: [lookAlike()],
    });
    expect(errors).toBeUndefined();
    const read = async (roles: Parameters<typeof as>[0]) => {
      const answer = await h().call<{ activityEvents: { edges: { node: Node }[] } }>(as(roles, [tenantId]), TIMELINE, {
        tenantId,
      });
      expect(answer.errors).toBeUndefined();
      return answer.data!.activityEvents.edges[0]!.node.recordedBy;
    };
    expect(await read(['ADMIN'])).toEqual({ kind: 'CLIENT', id: 'jane.doe@example.com' });
    const masked = await read(['AGENT']);
    expect(masked?.kind).toBe('CLIENT');
    expect(masked?.id).not.toContain('jane.doe');
    // Stored whole: the hash covers it.
    expect(await h().events().findOne({ tenantId })).toMatchObject({
      recordedBy: { kind: 'CLIENT', id: 'jane.doe@example.com' },
    });
  });

  it('a provenance changed or removed in MongoDB breaks verification at that event', async () => {
    const tenantId = 'provenance-tamper';
    const { errors } = await h().call(as(['INGEST'], [tenantId], 'svc-idp'), RECORD, {
      tenantId,
      events: [lookAlike(), lookAlike(), lookAlike()],
    });
    expect(errors).toBeUndefined();
    expect(await verify(tenantId)).toMatchObject({ ok: true, verifiedCount: 3 });

    // Passing the look-alike off as a staff action Vigil attested…
    await alter(tenantId, 2, { $set: { recordedBy: { kind: 'VIGIL', id: 'agent-actions' } } });
    // …or making it look like an event stored before provenance existed.
    await alter(tenantId, 3, { $unset: { recordedBy: '' } });
    const report = await verify(tenantId);
    expect(report).toMatchObject({ ok: false, breakCount: 2 });
    expect(report.breaks).toEqual([
      { sequence: 2, reason: 'ALTERED', detail: 'Event 2 was changed after it was recorded.' },
      { sequence: 3, reason: 'ALTERED', detail: 'Event 3 was changed after it was recorded.' },
    ]);
  });

  it('events stored before provenance (none recorded) still verify, followed by events that carry it', async () => {
    const tenantId = 'provenance-old';
    // What the store held before ADR 145: the same documents with no recordedBy, chained by the same hash.
    const now = new Date();
    const old = [1, 2].map((n): Omit<ActivityEventDocument, 'sequence' | 'prevHash' | 'hash'> => ({
      _id: new Types.ObjectId(),
      tenantId,
      accountId: 'acct-1',
      type: 'user.authentication.failed',
      category: 'FAILURE',
      outcome: 'FAILURE',
      occurredAt: new Date(now.getTime() - 60_000 + n),
      recordedAt: now,
      actor: { type: 'CUSTOMER' },
      firstSeenDevice: false,
      firstSeenCountry: false,
      piiCommitment: null,
    }));
    const contents: ChainContent[] = old.map(chainContentOf);
    expect(contents.every((content) => !('recordedBy' in content))).toBe(true);
    const links = legacyChain(contents);
    await h()
      .events()
      .insertMany(old.map((doc, index) => ({ ...doc, ...links[index]! })));

    const { errors } = await h().call(as(['INGEST'], [tenantId], 'svc-idp'), RECORD, { tenantId, events: [lookAlike()] });
    expect(errors).toBeUndefined();
    expect(await verify(tenantId)).toMatchObject({ ok: true, verifiedCount: 3, breakCount: 0 });
    const events = await timeline(tenantId);
    expect(events.map((event) => [event.type, event.recordedBy])).toEqual(
      expect.arrayContaining([
        ['account.contact.email_changed', { kind: 'CLIENT', id: 'svc-idp' }],
        ['user.authentication.failed', null],
      ]),
    );
    expect(events.filter((event) => event.recordedBy === null)).toHaveLength(2);
  });
});
