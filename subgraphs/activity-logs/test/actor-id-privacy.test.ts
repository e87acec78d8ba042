import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { ChainExportService } from '../src/application/chain-export.js';
import { parseExportLine } from '../src/domain/chain-export-format.js';
import { linkHash } from '../src/domain/hash-chain.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

// Identity providers often name the customer by email (Okta's alternateId): an actor id that embeds an email, phone
// number or IP is shown as the reader's role sees that kind, and filtering by one needs that role (ADR 041).
const T = 'actor-ids';
const EMAIL = 'jane.doe@example.org';
const EVENTS = `query ($filter: ActivityFilter) { activityEvents(tenantId: "${T}", filter: $filter) { edges { node { actor { id } } } } }`;
type Events = { activityEvents: { edges: { node: { actor: { id: string | null } } }[] } };

describe('actor ids that embed personal data', () => {
  const h = perSuite(async () => {
    const harness = await startActivityLogs();
    const { errors } = await harness.call(as(['INGEST'], [T]), RECORD, {
      tenantId: T,
      events: [failedLogin('acct-1', { actorId: EMAIL }), failedLogin('acct-2', { actorId: 'okta-00u1abcd' })],
    });
    expect(errors).toBeUndefined();
    return harness;
  });

  const actorIds = async (roles: Parameters<typeof as>[0], filter?: Record<string, unknown>) => {
    const { data, errors } = await h().call<Events>(as(roles, [T]), EVENTS, { filter: filter ?? null });
    return { ids: data?.activityEvents?.edges.map((edge) => edge.node.actor.id).sort(), errors };
  };

  it('is masked for the roles that see emails masked, and whole for those who see them whole', async () => {
    const agentView = await actorIds(['AGENT']);
    expect(agentView.errors).toBeUndefined();
    expect(agentView.ids).toEqual(['j***@example.org', 'okta-00u1abcd']);
    expect((await actorIds(['SECURITY_ANALYST'])).ids).toEqual(['j***@example.org', 'okta-00u1abcd']);
    expect((await actorIds(['SUPERVISOR'])).ids).toEqual([EMAIL, 'okta-00u1abcd']);
  });

  it('cannot be probed by filtering on it without a role that sees it whole', async () => {
    const probe = await actorIds(['AGENT'], { actorId: EMAIL });
    expect(probe.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(probe.ids).toBeUndefined();
    expect((await actorIds(['AGENT'], { actorId: 'okta-00u1abcd' })).ids).toEqual(['okta-00u1abcd']);
    expect((await actorIds(['ADMIN'], { actorId: EMAIL })).ids).toEqual([EMAIL]);
  });

  it('matches only a whole id, so a partial or masked one confirms nothing (ADR 151)', async () => {
    for (const actorId of ['jane.doe', 'jane.doe@', 'j***@example.org']) {
      const probe = await actorIds(['AGENT'], { actorId });
      expect(probe.errors, actorId).toBeUndefined();
      expect(probe.ids, actorId).toEqual([]);
    }
  });

  it('is masked the same way in the audit export', async () => {
    const exported: string[] = [];
    const request = { tenantId: T, from: new Date('2020-01-01'), to: new Date('2030-01-01'), format: 'ndjson' as const };
    for await (const line of h().subgraph.services.exporter.lines(as(['AUDITOR'], [T]), request)) exported.push(line);
    expect(exported).toHaveLength(2);
    expect(exported.join('')).toContain('j***@example.org');
    expect(exported.join('')).not.toContain(EMAIL);
  });

  it("is a pseudonym in the verifiable chain export, whose hashes cover it (ADR 140): the customer's email is not there", async () => {
    const { models, checkpoints } = h().subgraph.services;
    const exporter = new ChainExportService(models, checkpoints);
    const auditor = as(['AUDITOR'], [T]);
    const plan = await exporter.plan(auditor, T, { by: 'sequence' });
    const events: string[] = [];
    for await (const line of exporter.lines(auditor, T, plan!)) {
      const parsed = parseExportLine(line.trim());
      if (parsed.kind !== 'event' || !parsed.content) continue;
      events.push(line);
      expect(linkHash(parsed.sequence, parsed.prevHash, parsed.content)).toBe(parsed.hash);
    }
    expect(events).toHaveLength(2);
    expect(events.join('')).not.toContain(EMAIL);
    expect(events.join('')).toMatch(/"id":"customer:[\w-]{22}"/);
  });
});
