/**
 * The activity log's HTTP face through the gateway, for CRMs and log shippers that do not speak GraphQL: NDJSON
 * ingestion (INGEST role) and streamed export (NDJSON, ECS, CSV) for auditors, with the same tokens as GraphQL.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
let stack: RunningStack;
let origin: string;
beforeAll(async () => {
  stack = await bootStack();
  origin = new URL(stack.gatewayUrl).origin;
});
afterAll(async () => {
  await stack?.stop();
});

const since = new Date(Date.now() - 3_600_000).toISOString();

function ndjson(lines: unknown[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

describe('NDJSON ingestion and export through the gateway', () => {
  it('records valid lines, reports the bad ones by line, and exports them back for an auditor', async () => {
    const ingest = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-crm' });
    const body = ndjson([
      {
        accountId: accounts.priya,
        type: 'interaction.chat.closed',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        idempotencyKey: 'crm-1',
        metadata: { channel: 'chat' },
      },
      {
        accountId: accounts.priya,
        type: 'user.session.start',
        occurredAt: new Date(Date.now() - 30_000).toISOString(),
        ip: '203.0.113.9',
        idempotencyKey: 'crm-2',
      },
      { accountId: accounts.priya, type: 'user.sesion.start', occurredAt: new Date().toISOString(), idempotencyKey: 'crm-3' },
    ]);
    const response = await fetch(`${origin}/activity/events?tenantId=${tenants.demo}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const text = await response.clone().text();
    expect(response.status, text).toBe(200);
    const result = (await response.json()) as {
      recorded: number;
      rejected: number;
      errors: Array<{ line: number; message: string }>;
    };
    expect(result).toMatchObject({ recorded: 2, rejected: 1 });
    expect(result.errors[0]).toMatchObject({ line: 3 });
    expect(result.errors[0]!.message).toContain('user.session.start');

    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo] });
    const range = `from=${encodeURIComponent(since)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
    const exported = await fetch(`${origin}/activity/export?tenantId=${tenants.demo}&${range}&format=ndjson`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(exported.status).toBe(200);
    const events = (await exported.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; accountId: string });
    expect(events.filter((event) => event.accountId === accounts.priya).map((event) => event.type)).toEqual([
      'interaction.chat.closed',
      'user.session.start',
    ]);

    const csv = await fetch(`${origin}/activity/export?tenantId=${tenants.demo}&${range}&format=csv`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toContain('type');
  });

  it('refuses a missing token (401), a role without the right (403), and another tenant (403)', async () => {
    const exportUrl = `${origin}/activity/export?tenantId=${tenants.demo}&from=${encodeURIComponent(since)}&to=${encodeURIComponent(new Date().toISOString())}`;
    expect((await fetch(exportUrl)).status).toBe(401);
    const agent = await stack.token({ roles: ['AGENT'], tenants: [tenants.demo] });
    expect((await fetch(exportUrl, { headers: { authorization: `Bearer ${agent}` } })).status).toBe(403);
    const acmeIngest = await stack.token({ roles: ['INGEST'], tenants: [tenants.acme] });
    const crossTenant = await fetch(`${origin}/activity/events?tenantId=${tenants.demo}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acmeIngest}`, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ accountId: accounts.jordan, type: 'user.session.start', occurredAt: new Date().toISOString() }]),
    });
    expect(crossTenant.status).toBe(403);
  });
});
