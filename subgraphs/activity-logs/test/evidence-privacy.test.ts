import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { ChainExportService } from '../src/application/chain-export.js';
import { parseExportLine } from '../src/domain/chain-export-format.js';
import { linkHash } from '../src/domain/hash-chain.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

// A client's metadata is evidence, which AUDITOR and SECURITY_ANALYST read whole; the email and phone number inside it
// follow their own kind, masked for them as on the account (ADR 149), in GraphQL, the exports and the text filter.
const T = 'evidence-contacts';
const EMAIL = 'jane.doe@example.com';
const METADATA = { newEmail: EMAIL, note: 'customer called from +44 20 7946 0958' };
const MASKED = { newEmail: 'j***@example.com', note: 'customer called from +4*******0958' };
const EVENTS = `query ($filter: ActivityFilter) { activityEvents(tenantId: "${T}", filter: $filter) { edges { node { metadata } } } }`;
type Events = { activityEvents: { edges: { node: { metadata: Record<string, unknown> | null } }[] } };

describe('contact details inside event metadata', () => {
  const h = perSuite(async () => {
    const harness = await startActivityLogs();
    const { errors } = await harness.call(as(['INGEST'], [T]), RECORD, {
      tenantId: T,
      events: [failedLogin('acct-1', { type: 'account.contact.email_changed', metadata: METADATA })],
    });
    expect(errors).toBeUndefined();
    return harness;
  });

  const metadataAs = async (roles: Parameters<typeof as>[0], filter?: Record<string, unknown>) => {
    const { data, errors } = await h().call<Events>(as(roles, [T]), EVENTS, { filter: filter ?? null });
    return { metadata: data?.activityEvents?.edges.map((edge) => edge.node.metadata), errors };
  };

  it('are masked for the investigators, whole for ADMIN, and the evidence withheld from the floor', async () => {
    for (const role of ['AUDITOR', 'SECURITY_ANALYST'] as const) {
      expect((await metadataAs([role])).metadata, role).toEqual([MASKED]);
    }
    expect((await metadataAs(['ADMIN'])).metadata).toEqual([METADATA]);
    expect((await metadataAs(['AGENT'])).metadata).toEqual([null]);
  });

  it('cannot be confirmed whole through the metadata text filter by a role that sees them masked', async () => {
    const probe = await metadataAs(['AUDITOR'], { text: EMAIL });
    expect(probe.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(probe.metadata).toBeUndefined();
    expect((await metadataAs(['AUDITOR'], { text: 'customer called' })).metadata).toEqual([MASKED]);
    expect((await metadataAs(['ADMIN'], { text: EMAIL })).metadata).toEqual([METADATA]);
  });

  it('are masked the same way in the audit export', async () => {
    const exported: string[] = [];
    const request = { tenantId: T, from: new Date('2020-01-01'), to: new Date('2030-01-01'), format: 'ndjson' as const };
    for await (const line of h().subgraph.services.exporter.lines(as(['AUDITOR'], [T]), request)) exported.push(line);
    expect(exported).toHaveLength(1);
    expect(exported.join('')).toContain('j***@example.com');
    expect(exported.join('')).not.toContain(EMAIL);
    expect(exported.join('')).not.toContain('7946 0958');
  });

  it('are masked in the verifiable chain export, whose lines still verify (metadata is outside the link hash)', async () => {
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
    expect(events).toHaveLength(1);
    expect(events.join('')).toContain('j***@example.com');
    expect(events.join('')).not.toContain(EMAIL);
  });
});
