import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, mintDevToken } from '@vigil/gateway';
import type { Role } from '@vigil/core';
import type { ActivityHttpApi } from '@vigil/activity-logs';
import { CHROME, nextInstant, startActivityLogs, type Harness } from './harness.js';

describe('HTTP API: NDJSON ingestion and exports', () => {
  let h: Harness;
  let api: ActivityHttpApi;
  let base: string;
  const token = (roles: Role[], tenants = ['h1']) => mintDevToken({ subject: 'crm-1', roles, tenants, ttlSeconds: 600, secret: h.config.JWT_SECRET! });

  beforeAll(async () => {
    h = await startActivityLogs();
    api = h.subgraph.createHttpApi(createTokenVerifier({ secret: h.config.JWT_SECRET }));
    base = (await api.listen(0)).url;
  });
  afterAll(async () => {
    await api?.close();
    await h?.stop();
  });

  const post = async (body: string, roles: Role[] = ['INGEST'], tenantId = 'h1', contentType = 'application/x-ndjson') =>
    fetch(`${base}/activity/events?tenantId=${tenantId}`, { method: 'POST', headers: { authorization: `Bearer ${await token(roles)}`, 'content-type': contentType }, body });

  it('records valid lines, rejects bad ones with their line numbers, and is idempotent on retry', async () => {
    const lines = [
      JSON.stringify({ accountId: 'n1', type: 'user.session.start', occurredAt: nextInstant(), ip: '81.2.69.142', userAgent: CHROME, idempotencyKey: 'crm-1' }),
      JSON.stringify({ accountId: 'n1', type: 'user.sesion.start', occurredAt: nextInstant() }),
      '{not json',
      '',
      JSON.stringify({ accountId: 'n1', type: 'account.contact.email_changed', occurredAt: nextInstant(), idempotencyKey: 'crm-2' }),
    ].join('\n');
    const first = await post(lines);
    expect(first.status).toBe(200);
    const report = (await first.json()) as { recorded: number; duplicates: number; rejected: number; errors: { line: number; field: string; message: string }[] };
    expect(report).toMatchObject({ recorded: 2, duplicates: 0, rejected: 2 });
    expect(report.errors.map((error) => [error.line, error.field])).toEqual([[2, 'type'], [3, '(line)']]);
    expect(report.errors[0]!.message).toContain('user.session.start');

    const retry = (await (await post(lines)).json()) as { recorded: number; duplicates: number };
    // Lines without an idempotency key cannot be recognised as retries; keyed lines are.
    expect(retry).toMatchObject({ recorded: 0, duplicates: 2 });
    expect(await h.events().countDocuments({ tenantId: 'h1', accountId: 'n1' })).toBe(2);
    await h.bus.idle();
    expect(h.published.filter((message) => message.payload.tenantId === 'h1')).toHaveLength(2);
  });

  it('authenticates and authorises like the graph', async () => {
    const anonymous = await fetch(`${base}/activity/events?tenantId=h1`, { method: 'POST', body: '' });
    expect(anonymous.status).toBe(401);
    expect((await post('{}', ['AGENT'])).status).toBe(403);
    expect((await post('{}', ['INGEST'], 'other')).status).toBe(403);
    expect((await post('{}', ['INGEST'], 'h1', 'application/json')).status).toBe(415);
    const allBad = await post('{"accountId":"x"}');
    expect(allBad.status).toBe(400);
  });

  it('exports a range as NDJSON (with OCSF ids), ECS and CSV', async () => {
    const get = async (format: string, roles: Role[] = ['AUDITOR']) =>
      fetch(`${base}/activity/export?tenantId=h1&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=${format}`, { headers: { authorization: `Bearer ${await token(roles)}` } });
    const ndjson = await get('ndjson');
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const records = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.type)).toEqual(['user.session.start', 'account.contact.email_changed']);
    expect(records[0]).toMatchObject({ ip: '81.2.69.142', ocsf: { class_uid: 3002, activity_id: 1 } });

    const ecs = (await (await get('ecs')).text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ecs[0]).toMatchObject({ event: { action: 'user.session.start', outcome: 'success' }, source: { ip: '81.2.69.142', geo: { country_iso_code: 'GB' } }, user: { id: 'n1' } });

    const csv = (await (await get('csv')).text()).trim().split('\r\n');
    expect(csv[0]).toBe('sequence,id,occurredAt,recordedAt,accountId,type,category,outcome,actorType,actorId,ip,country,city,deviceId,browser,os,deviceType,firstSeenDevice,firstSeenCountry,hash');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(',user.session.start,AUTHENTICATION,SUCCESS,CUSTOMER,,81.2.69.142,GB,');

    expect((await get('ndjson', ['AGENT'])).status).toBe(403);
    expect((await get('xml')).status).toBe(400);
  });
});
