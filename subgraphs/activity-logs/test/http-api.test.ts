import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, signHttpRouteRequest, UPSTREAM_IDENTITY_HEADER, type Role } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, mintDevToken, type Gateway } from '@vigil/gateway';
import { as, CHROME, nextInstant, startActivityLogs, type Harness } from './harness.js';

// Through the subgraph factory's httpRoutes, on the subgraph's own port, signed as the gateway signs them.
describe('HTTP API: NDJSON ingestion and exports', () => {
  let h: Harness;
  let base: string;
  const signed = (method: 'GET' | 'POST', path: string, roles: Role[], tenants = ['h1']) => ({
    [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(as(roles, tenants, 'crm-1'), method, path, {
      key: h.config.GATEWAY_SIGNING_KEY,
      audience: 'activity-logs',
    }),
  });

  beforeAll(async () => {
    h = await startActivityLogs();
    base = new URL(h.url).origin;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const post = async (body: string, roles: Role[] = ['INGEST'], tenantId = 'h1', contentType = 'application/x-ndjson') => {
    const path = `/activity/events?tenantId=${tenantId}`;
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...signed('POST', path, roles), 'content-type': contentType },
      body,
    });
  };

  it('records valid lines, rejects bad ones with their line numbers, and is idempotent on retry', async () => {
    const lines = [
      JSON.stringify({
        accountId: 'n1',
        type: 'user.session.start',
        occurredAt: nextInstant(),
        ip: '81.2.69.142',
        userAgent: CHROME,
        idempotencyKey: 'crm-1',
      }),
      JSON.stringify({ accountId: 'n1', type: 'user.sesion.start', occurredAt: nextInstant() }),
      '{not json',
      '',
      JSON.stringify({
        accountId: 'n1',
        type: 'account.contact.email_changed',
        occurredAt: nextInstant(),
        idempotencyKey: 'crm-2',
      }),
    ].join('\n');
    const first = await post(lines);
    expect(first.status).toBe(200);
    const report = (await first.json()) as {
      recorded: number;
      duplicates: number;
      rejected: number;
      errors: { line: number; field: string; message: string }[];
    };
    expect(report).toMatchObject({ recorded: 2, duplicates: 0, rejected: 2 });
    expect(report.errors.map((error) => [error.line, error.field])).toEqual([
      [2, 'type'],
      [3, '(line)'],
    ]);
    expect(report.errors[0]!.message).toContain('user.session.start');

    const retry = (await (await post(lines)).json()) as { recorded: number; duplicates: number };
    // Lines without an idempotency key cannot be recognised as retries; keyed lines are.
    expect(retry).toMatchObject({ recorded: 0, duplicates: 2 });
    expect(await h.events().countDocuments({ tenantId: 'h1', accountId: 'n1' })).toBe(2);
    await h.bus.idle();
    expect(h.announced('h1')).toHaveLength(2);
  });

  it('serves its routes on the subgraph port and lists them for the gateway', () => {
    expect(h.subgraph.httpPaths).toEqual(['/activity/events', '/activity/export', '/activity/signing-keys']);
  });

  it('authenticates and authorises like the graph', async () => {
    const anonymous = await fetch(`${base}/activity/events?tenantId=h1`, { method: 'POST', body: '' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    // An ingest signature for tenant h1 does not open tenant h2's range: the query string is signed too.
    const replayed = await fetch(`${base}/activity/events?tenantId=h2`, {
      method: 'POST',
      headers: {
        ...signed('POST', '/activity/events?tenantId=h1', ['INGEST'], ['h1', 'h2']),
        'content-type': 'application/x-ndjson',
      },
      body: '{}',
    });
    expect(replayed.status).toBe(401);
    const agent = await post('{}', ['AGENT']);
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toEqual({
      message: 'This needs one of the roles: INGEST.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await post('{}', ['INGEST'], 'other')).status).toBe(403);
    expect((await post('{}', ['INGEST'], 'h1', 'application/json')).status).toBe(415);
    const allBad = await post('{"accountId":"x"}');
    expect(allBad.status).toBe(400);
  });

  it('exports a range as NDJSON (with OCSF ids), ECS and CSV', async () => {
    const get = async (format: string, roles: Role[] = ['AUDITOR']) => {
      const path = `/activity/export?tenantId=h1&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=${format}`;
      return fetch(`${base}${path}`, { headers: signed('GET', path, roles) });
    };
    const ndjson = await get('ndjson');
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const records = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.type)).toEqual(['user.session.start', 'account.contact.email_changed']);
    expect(records[0]).toMatchObject({
      ip: '81.2.69.142',
      ocsf: { class_uid: 3002, activity_id: 1 },
      recordedBy: { kind: 'CLIENT', id: 'crm-1' },
    });

    const ecs = (await (await get('ecs')).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ecs[0]).toMatchObject({
      event: { action: 'user.session.start', outcome: 'success' },
      source: { ip: '81.2.69.142', geo: { country_iso_code: 'GB' } },
      user: { id: 'n1' },
      labels: { recorded_by_kind: 'CLIENT', recorded_by_id: 'crm-1' },
    });

    const csv = (await (await get('csv')).text()).trim().split('\r\n');
    expect(csv[0]).toBe(
      'sequence,id,occurredAt,recordedAt,accountId,type,category,outcome,actorType,actorId,ip,country,city,deviceId,browser,os,deviceType,firstSeenDevice,firstSeenCountry,hash,recordedByKind,recordedById',
    );
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(',user.session.start,AUTHENTICATION,SUCCESS,CUSTOMER,,81.2.69.142,GB,');
    expect(csv[1]).toMatch(/,[0-9a-f]{64},CLIENT,crm-1$/);

    expect((await get('ndjson', ['AGENT'])).status).toBe(403);
    expect((await get('xml')).status).toBe(400);
  });
});

// The whole path a CRM or SIEM takes: JWT → gateway (verifies, signs, streams) → factory (verifies) → this API.
describe('HTTP API through the gateway', () => {
  let h: Harness;
  let gateway: Gateway;
  let base: string;
  const bearer = async (roles: Role[]) => ({
    authorization: `Bearer ${await mintDevToken({ subject: 'siem-1', roles, tenants: ['g1'], ttlSeconds: 600, secret: h.config.JWT_SECRET! })}`,
  });

  beforeAll(async () => {
    h = await startActivityLogs();
    gateway = createGateway({
      ...gatewayOptionsFromConfig(
        h.config,
        [{ name: 'activity-logs', url: h.url, httpRoutes: h.subgraph.httpPaths }],
        createLogger({ name: 'gateway-test', level: 'silent' }),
      ),
      port: 0,
      host: '127.0.0.1',
    });
    await gateway.start();
    base = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway?.stop();
    await h?.stop();
  });

  it('ingests NDJSON with an INGEST token and exports it with an AUDITOR token', async () => {
    const lines = [
      JSON.stringify({
        accountId: 'g-acc',
        type: 'user.session.start',
        occurredAt: nextInstant(),
        ip: '81.2.69.142',
        userAgent: CHROME,
        idempotencyKey: 'g-1',
      }),
      JSON.stringify({
        accountId: 'g-acc',
        type: 'user.authentication.failed',
        occurredAt: nextInstant(),
        idempotencyKey: 'g-2',
      }),
    ].join('\n');
    const ingest = await fetch(`${base}/activity/events?tenantId=g1`, {
      method: 'POST',
      headers: { ...(await bearer(['INGEST'])), 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    expect(ingest.status).toBe(200);
    expect(await ingest.json()).toMatchObject({ recorded: 2, duplicates: 0, rejected: 0 });

    const exported = await fetch(
      `${base}/activity/export?tenantId=g1&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=csv`,
      { headers: await bearer(['AUDITOR']) },
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="activity-g1-2026-01-01.csv"');
    const rows = (await exported.text()).trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(',user.session.start,');
    expect(rows[2]).toContain(',user.authentication.failed,');
  });

  it('keeps the role checks and refuses callers without a valid token', async () => {
    const asIngest = await fetch(`${base}/activity/export?tenantId=g1&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`, {
      headers: await bearer(['INGEST']),
    });
    expect(asIngest.status).toBe(403);
    const anonymous = await fetch(`${base}/activity/events?tenantId=g1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
