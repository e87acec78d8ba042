/**
 * The partner developer's path, end to end: the example partner CRM (examples/partner-crm, public packages only)
 * registered in a supergraph config, composed by the real gateway under its contract, queried by each role, verifying
 * the gateway's identity with the public key from the gateway's JWKS — and every forbidden schema shape refused when
 * the gateway starts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SEED } from '@vigil/accounts';
import {
  callSubgraph,
  createLogger,
  generateGatewaySigningKey,
  PERSONAL_DATA_CONTAINERS,
  PERSONAL_DATA_FIELDS,
  type Identity,
  type Role,
} from '@vigil/core';
import { Kind, parse } from 'graphql';
import { createGateway, gatewayOptionsFromConfig, GATEWAY_JWKS_PATH } from '@vigil/gateway';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCrmStore, startPartnerCrm, type PartnerCrm } from '../examples/partner-crm/src/index.js';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
const CONTRACT = { prefix: 'crm', extends: ['Account'], rootTypes: ['Query'] };
const CRM_QUERY = `query ($id: ID!) { account(id: $id) { id status crmTier crmOwner crmOpenTickets } }`;

let keyHost: RunningStack;
let partner: PartnerCrm;
let stack: RunningStack;

beforeAll(async () => {
  // Any Vigil gateway with the same key serves the same JWKS; this one is up before the partner starts, so the
  // partner can be given its JWKS URL, as a partner is given Vigil's public URL.
  keyHost = await bootStack();
  partner = await startPartnerCrm({ jwksUrl: keyHost.gatewayJwksUrl, store: demoCrmStore() });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-partner-'));
  const config = join(dir, 'supergraph.json');
  writeFileSync(config, JSON.stringify({ subgraphs: [{ name: 'partner-crm', url: partner.url, partner: CONTRACT }] }));
  // As `SUPERGRAPH_CONFIG=… npm start` does: our subgraphs in-process, the partner's taken from the config.
  stack = await bootStack({ SUPERGRAPH_CONFIG: config });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
  await partner?.stop();
  await keyHost?.stop();
});

const tokenFor = (roles: Role[], tenantIds = [tenants.demo], subject?: string) =>
  stack.token({ roles, tenants: tenantIds, ...(subject ? { subject } : {}) });

describe('a partner subgraph behind the gateway', () => {
  it('composes the partner from the supergraph config: its CRM fields join Vigil’s Account, keyed by tenant', () => {
    expect(stack.supergraphSdl).toMatch(/PARTNER_CRM @join__graph\(name: "partner-crm"/);
    expect(stack.supergraphSdl).toMatch(/@join__type\(graph: PARTNER_CRM, key: "id tenantId"\)/);
  });

  it('knows every field of the personal-data list in the composed graph (a renamed field would silently lose protection)', () => {
    const types = new Map<string, Set<string>>();
    for (const definition of parse(stack.supergraphSdl).definitions) {
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
        types.set(definition.name.value, new Set((definition.fields ?? []).map((field) => field.name.value)));
      }
    }
    const listed = [
      ...Object.entries(PERSONAL_DATA_FIELDS).flatMap(([type, fields]) => Object.keys(fields).map((field) => [type, field])),
      ...Object.entries(PERSONAL_DATA_CONTAINERS).flatMap(([type, fields]) => fields.map((field) => [type, field])),
    ];
    expect(listed.length).toBeGreaterThan(20);
    for (const [type, field] of listed) expect(types.get(type!)?.has(field!), `${type}.${field}`).toBe(true);
  });

  it('answers CRM fields to the roles the partner serves, with the tenant in every representation', async () => {
    for (const role of ['SUPERVISOR', 'AGENT', 'ADMIN'] as const) {
      const result = await graphql<{ account: Record<string, unknown> }>(stack.gatewayUrl, await tokenFor([role]), CRM_QUERY, {
        id: accounts.jordan,
      });
      expect(result.errors, role).toBeUndefined();
      // The partner resolves an account only when the representation's tenantId is one of the caller's tenants:
      // a CRM value here means the gateway sent { id, tenantId }.
      expect(result.data?.account, role).toMatchObject({ id: accounts.jordan, crmTier: 'GOLD', crmOpenTickets: 2 });
    }
  });

  it('lets the partner refuse its fields to roles it does not serve, while Vigil’s fields still answer', async () => {
    const result = await graphql<{ account: Record<string, unknown> }>(stack.gatewayUrl, await tokenFor(['AUDITOR']), CRM_QUERY, {
      id: accounts.jordan,
    });
    expect(result.data?.account).toMatchObject({ id: accounts.jordan, crmTier: null });
    expect(result.errors?.some((error) => error.extensions?.code === 'FORBIDDEN' && error.path?.includes('crmTier'))).toBe(true);
  });

  it('serves the partner’s own prefixed root field, joined back to Vigil’s accounts, tenant-scoped', async () => {
    const query = `query ($t: ID!) { crmAccounts(tenantId: $t) { id displayName crmTier } }`;
    const demo = await graphql<{ crmAccounts: Array<Record<string, unknown>> }>(
      stack.gatewayUrl,
      await tokenFor(['SUPERVISOR']),
      query,
      {
        t: tenants.demo,
      },
    );
    expect(demo.errors).toBeUndefined();
    expect(demo.data?.crmAccounts[0]).toMatchObject({ id: accounts.jordan, displayName: 'Jordan Rivera', crmTier: 'GOLD' });
    const acme = await graphql<{ crmAccounts: unknown[] }>(
      stack.gatewayUrl,
      await tokenFor(['SUPERVISOR'], [tenants.acme]),
      query,
      {
        t: tenants.demo,
      },
    );
    expect(acme.data?.crmAccounts).toEqual([]);
  });

  it('verifies every call with the public key the gateway publishes, receiving subject, roles and tenants only', async () => {
    const jwks = (await (await fetch(new URL(GATEWAY_JWKS_PATH, stack.gatewayUrl))).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);

    const before = partner.verified.length;
    await graphql(stack.gatewayUrl, await tokenFor(['AGENT'], [tenants.demo], 'agent-crm-check'), CRM_QUERY, {
      id: accounts.jordan,
    });
    const seen = partner.verified.slice(before).find((caller) => caller.subject === 'agent-crm-check');
    expect(seen).toMatchObject({ roles: ['AGENT'], tenants: [tenants.demo] });
    expect(jwks.keys.map((key) => key.kid)).toContain(seen?.kid);
  });

  it('refuses calls that did not come from the gateway', async () => {
    const operation = { query: '{ crmAccounts(tenantId: "demo") { id } }' };
    const admin: Identity = {
      subject: 'forger',
      roles: ['ADMIN'],
      tenantIds: [tenants.demo],
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    };
    const call = (options: Parameters<typeof callSubgraph>[2]) => callSubgraph(partner.url, operation, options);

    expect((await call({})).status).toBe(401); // no identity at all
    const forged = generateGatewaySigningKey(stack.config.GATEWAY_SIGNING_KEY!.kid); // same kid, another key
    expect((await call({ identity: admin, signingKey: forged, audience: 'partner-crm' })).status).toBe(401);
    // A genuine gateway signature made for another subgraph is not accepted here (nor one made here, at accounts).
    expect((await call({ identity: admin, signingKey: stack.config.GATEWAY_SIGNING_KEY, audience: 'accounts' })).status).toBe(
      401,
    );
    // Control: the same call signed by the gateway's key for this partner is accepted.
    expect((await call({ identity: admin, signingKey: stack.config.GATEWAY_SIGNING_KEY, audience: 'partner-crm' })).status).toBe(
      200,
    );
  });
});

describe('what a PARTNER principal reads in Vigil’s own subgraphs', () => {
  it('looks up an account of its tenant by id: id, tenantId, status and its own CRM fields', async () => {
    const query = `query ($id: ID!) { account(id: $id) { id tenantId status crmTier } }`;
    const result = await graphql<{ account: Record<string, unknown> }>(stack.gatewayUrl, await tokenFor(['PARTNER']), query, {
      id: accounts.jordan,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.account).toMatchObject({ id: accounts.jordan, tenantId: tenants.demo, crmTier: 'GOLD' });
  });

  it('reads nothing personal, nothing of another tenant, and no alerts', async () => {
    const token = await tokenFor(['PARTNER']);
    const personal = await graphql(
      stack.gatewayUrl,
      token,
      `
        query ($id: ID!) {
          account(id: $id) {
            id
            email
            phone
            displayName
          }
        }
      `,
      {
        id: accounts.jordan,
      },
    );
    expect(personal.errors?.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(personal.data)).not.toContain('example.com');
    const another = await graphql<{ account: unknown }>(
      stack.gatewayUrl,
      await tokenFor(['PARTNER'], [tenants.acme]),
      `
        query ($id: ID!) {
          account(id: $id) {
            id
          }
        }
      `,
      {
        id: accounts.jordan,
      },
    );
    expect(another.data?.account).toBeNull();
    const alerts = await graphql(
      stack.gatewayUrl,
      token,
      `
        {
          alerts {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
    );
    expect(alerts.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('forbidden partner schema shapes stop the gateway at start-up', () => {
  const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@provides", "@shareable", "@override"])`;
  const ENTITY = 'type Account @key(fields: "id tenantId") { id: ID! tenantId: ID @external';
  const shapes: Array<[string, string, RegExp]> = [
    ['@override of Account.email', `${ENTITY} email: String! @override(from: "accounts") }`, /Account\.email, rule override/],
    [
      '@override of Query.account',
      `${ENTITY} } type Query { account(id: ID!): Account @override(from: "accounts") }`,
      /Query\.account, rule (redefine|override)/,
    ],
    ['sharing a Vigil field', `${ENTITY} status: String! @shareable }`, /Account\.status, rule shareable/],
    [
      '@requires on contact details',
      `${ENTITY} email: String! @external phone: String @external crmScore: Int @requires(fields: "email phone") }`,
      /Account\.crmScore, rule requires-personal-data/,
    ],
    [
      '@provides of contact details',
      `${ENTITY} email: String! @external } type Query { crmTop: Account @provides(fields: "email") }`,
      /Query\.crmTop, rule provides-personal-data/,
    ],
    [
      'a root field outside the prefix',
      `${ENTITY} crmTier: String } type Query { accountsByTier: [Account!]! }`,
      /Query\.accountsByTier, rule root-field/,
    ],
    [
      'extending a type not granted',
      `type Alert @key(fields: "id tenantId") { id: ID! tenantId: String! @external crmCase: String }`,
      /Alert, rule extend-type/,
    ],
  ];
  let shapeServer: Server;
  let shapeUrl: string;
  let currentSdl = '';

  beforeAll(async () => {
    // Answers the gateway's `_service { sdl }` with the shape under test: composition refuses before any query runs.
    shapeServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { _service: { sdl: `${LINK}\n${currentSdl}` } } }));
    });
    await new Promise<void>((resolve) => shapeServer.listen(0, '127.0.0.1', resolve));
    shapeUrl = `http://127.0.0.1:${(shapeServer.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => shapeServer.close(() => resolve()));
  });

  it.each(shapes)('refuses %s, naming partner, field and rule', async (_shape, sdl, expected) => {
    currentSdl = sdl;
    const ours = [...keyHost.subgraphs.values()].map(({ name, url }) => ({ name, url }));
    const subgraphs = [...ours, { name: 'partner-crm', url: shapeUrl, partner: { ...CONTRACT, rootTypes: ['Query' as const] } }];
    const logger = createLogger({ name: 'e2e', level: 'silent' });
    const gateway = createGateway({ ...gatewayOptionsFromConfig(keyHost.config, subgraphs, logger), port: 0, host: '127.0.0.1' });
    const starting = gateway.start();
    await expect(starting).rejects.toThrow(/partner "partner-crm"/);
    await expect(starting).rejects.toThrow(expected);
  });
});
