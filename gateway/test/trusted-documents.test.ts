/**
 * Trusted documents: with a manifest in enforce mode only registered operations run — by id
 * (`extensions.persistedQuery.sha256Hash` or `documentId`) or as text hashing to a registered one — over HTTP
 * and graphql-ws; anything else is refused with a code. Tested against a real gateway and real subgraphs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFixtureGraph } from './fixtures/fixture-graph.js';
import { post, wsClient } from './fixtures/gateway-client.js';
import { token } from './fixtures/tokens.js';
import { collectOperations, idOfText, TrustedDocuments, type Gateway, type TrustedDocumentsMode } from '../src/index.js';

const graph = useFixtureGraph();

const folder = mkdtempSync(join(tmpdir(), 'ops2-trusted-'));
writeFileSync(
  join(folder, 'dashboard.graphql'),
  `# The SOC dashboard's operations
query DashboardAlerts { alerts { ...AlertRow } }
fragment AlertRow on Alert { id }`,
);
const operations = collectOperations([folder]);
const manifest = Object.fromEntries(operations.map((operation) => [operation.id, operation.document]));
const dashboardId = operations.find((operation) => operation.name === 'DashboardAlerts')!.id;
const documents = TrustedDocuments.fromEntries(manifest);

function startGateway(mode: TrustedDocumentsMode): Promise<Gateway> {
  return graph.startGateway({ trustedDocuments: { documents, mode } });
}

async function send(gateway: Gateway, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${await token()}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const codeOf = (json: Record<string, unknown>) =>
  (json.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code;

describe('trusted documents (enforce)', () => {
  it('runs a registered operation by id, by documentId, and as text in any layout', async () => {
    const gateway = await startGateway('enforce');
    const byHash = await send(gateway, { extensions: { persistedQuery: { version: 1, sha256Hash: dashboardId } } });
    expect(byHash.status).toBe(200);
    expect(byHash.json.data).toEqual({ alerts: expect.any(Array) });
    const byDocumentId = await send(gateway, { documentId: `sha256:${dashboardId}` });
    expect(byDocumentId.json.data).toEqual({ alerts: expect.any(Array) });
    // Fragments in another order, other whitespace, a comment: the same normalized document.
    const reformatted = 'fragment AlertRow on Alert {\n  id\n}\n# hi\nquery DashboardAlerts {\n  alerts { ...AlertRow }\n}';
    const asText = await post(gateway.url, reformatted, { token: await token() });
    expect(asText.status).toBe(200);
    expect(asText.body.data).toEqual({ alerts: expect.any(Array) });
  });

  it('refuses unregistered text, unknown ids and text that does not match its id, with codes', async () => {
    const gateway = await startGateway('enforce');
    const other = await post(gateway.url, 'query Probe { alerts { id } }', { token: await token() });
    expect(other.status).toBe(400);
    expect(other.body.data ?? null).toBeNull();
    expect(other.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const introspection = await post(gateway.url, '{ __schema { types { name } } }', { token: await token() });
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const garbage = await post(gateway.url, 'query {', { token: await token() });
    expect(garbage.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');

    const unknown = await send(gateway, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(unknown.status).toBe(400);
    expect(codeOf(unknown.json)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const malformed = await send(gateway, { documentId: '../../etc/passwd' });
    expect(codeOf(malformed.json)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const swapped = await send(gateway, {
      query: 'query Probe { alerts { id } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: dashboardId } },
    });
    expect(codeOf(swapped.json)).toBe('TRUSTED_DOCUMENT_MISMATCH');
    expect(swapped.json.data ?? null).toBeNull();
  });

  it('applies to graphql-ws: unregistered text is refused, a registered id runs', async () => {
    const gateway = await startGateway('enforce');
    const { client } = wsClient(gateway.url, await token());
    try {
      const refused = await client.iterate({ query: 'query Probe { alerts { id } }' }).next();
      expect(JSON.stringify(refused.value ?? null)).toContain('TRUSTED_DOCUMENT_REQUIRED');
      const registered = await client
        .iterate({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: dashboardId } } })
        .next();
      expect(registered.value).toEqual({ data: { alerts: expect.any(Array) } });
    } finally {
      await client.dispose();
    }
  });
});

describe('trusted documents (allow)', () => {
  it('resolves ids and still runs unregistered text', async () => {
    const gateway = await startGateway('allow');
    expect((await send(gateway, { documentId: dashboardId })).json.data).toEqual({ alerts: expect.any(Array) });
    expect((await post(gateway.url, 'query Probe { alerts { id } }', { token: await token() })).status).toBe(200);
  });
});

describe('the manifest', () => {
  it('refuses an entry whose document does not hash to its id (a tampered manifest stops the start)', () => {
    const tampered = { [dashboardId]: 'query DashboardAlerts { alerts { id secret } }' };
    expect(() => TrustedDocuments.fromEntries(tampered)).toThrow(/does not hash to its id/);
    expect(() => TrustedDocuments.fromEntries(['query { x }'])).toThrow(/JSON object/);
  });

  it('is up to date with the wall: schema/trusted-documents.json is what `npm run documents:manifest` writes', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const committed = JSON.parse(readFileSync(join(root, 'schema/trusted-documents.json'), 'utf8')) as Record<string, string>;
    const fresh = collectOperations([join(root, 'wall/src'), join(root, 'documents')]);
    expect(Object.keys(committed).sort()).toEqual(fresh.map((operation) => operation.id).sort());
    // Every entry is what its key says: the wall's WallAlerts text (as codegen sends it) is registered.
    expect(fresh.find((operation) => operation.name === 'WallAlerts')).toBeDefined();
    for (const [id, text] of Object.entries(committed)) expect(idOfText(text)).toBe(id);
  });
});
