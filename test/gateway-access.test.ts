/**
 * Through the gateway, as a dashboard would call it: who sees what (masking by role, tenant isolation, also
 * through `_entities`), what bad tokens and bad input get back, and what happens when a subgraph is down.
 */
import { DEMO_SEED } from '@vigil/accounts';
import { callSubgraph } from '@vigil/core';
import type { RunningStack } from '@vigil/stack';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts } = DEMO_SEED;
const ACCOUNT_QUERY = `query ($id: ID!) { account(id: $id) { id displayName email phone } }`;

let stack: RunningStack;
beforeAll(async () => {
  stack = await bootStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('field-level authorization through the gateway', () => {
  it('masks email and phone for an AGENT and shows them whole to a SUPERVISOR and an ADMIN', async () => {
    const agent = await stack.token({ roles: ['AGENT'], tenants: [tenants.demo] });
    const masked = await graphql<{ account: Record<string, string> }>(stack.gatewayUrl, agent, ACCOUNT_QUERY, {
      id: accounts.jordan,
    });
    expect(masked.errors).toBeUndefined();
    expect(masked.data?.account).toMatchObject({ displayName: 'Jordan Rivera', email: 'j***@example.com' });
    expect(masked.data?.account.phone).toMatch(/^\+1\*+0123$/);

    for (const role of ['SUPERVISOR', 'ADMIN'] as const) {
      const token = await stack.token({ roles: [role], tenants: [tenants.demo] });
      const whole = await graphql<{ account: Record<string, string> }>(stack.gatewayUrl, token, ACCOUNT_QUERY, {
        id: accounts.jordan,
      });
      expect(whole.data?.account).toMatchObject({ email: 'jordan.rivera@example.com', phone: '+15555550123' });
    }
  });

  it('never shows another tenant’s account, by query or through _entities', async () => {
    const acmeSupervisor = await stack.token({ roles: ['SUPERVISOR'], tenants: [tenants.acme] });
    const direct = await graphql<{ account: unknown }>(stack.gatewayUrl, acmeSupervisor, ACCOUNT_QUERY, { id: accounts.jordan });
    expect(direct.data?.account).toBeNull();

    // The gateway does not expose _entities; call the subgraph as the gateway would, with a correctly signed
    // identity for tenant acme, and ask for a demo account by reference.
    const accountsUrl = stack.subgraphs.get('accounts')!.url;
    const body = {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id displayName email } } }',
      variables: {
        r: [
          { __typename: 'Account', id: accounts.jordan },
          { __typename: 'Account', id: accounts.alex },
        ],
      },
    };
    const result = await callSubgraph<{ _entities: Array<{ id: string } | null> }>(accountsUrl, body, {
      identity: {
        subject: 'agent-acme-1',
        roles: ['SUPERVISOR'],
        tenantIds: [tenants.acme],
        expiresAt: Math.floor(Date.now() / 1000) + 60,
      },
      signingKey: stack.config.GATEWAY_SIGNING_KEY,
      audience: 'accounts',
    });
    expect(result.errors).toBeUndefined();
    // Another tenant's account answers exactly like an account that does not exist: its id, nothing else (ADR 082).
    expect(result.data?._entities[0]).toEqual({ id: accounts.jordan, displayName: null, email: null });
    expect(result.data?._entities[1]).toMatchObject({ id: accounts.alex });
  });
});

describe('authentication at the gateway', () => {
  const query = `{ account(id: "${accounts.jordan}") { id } }`;

  it('rejects a missing, expired, forged or unsigned token with UNAUTHENTICATED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(stack.config.JWT_SECRET!);
    const claims = { roles: ['ADMIN'], tenants: [tenants.demo] };
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime(now - 60)
      .sign(secret);
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('an-attacker-secret-that-is-long-enough-000'));
    const [header, payload] = forged.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;

    for (const token of [undefined, 'not-a-jwt', expired, forged, unsigned, `${header}.${payload}.`]) {
      const response = await graphql(stack.gatewayUrl, token, query);
      expect(response.status, `token ${String(token).slice(0, 20)}`).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.data ?? null).toBeNull();
    }
  });

  it('answers 401 when a subgraph is called directly, without the gateway’s signed identity', async () => {
    for (const [name, subgraph] of stack.subgraphs) {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status, name).toBe(401);
      const health = await fetch(subgraph.url.replace(/\/graphql$/, '/healthz'));
      expect(health.status, `${name} /healthz`).toBe(200);
    }
  });

  it('serves /healthz and /readyz without a token', async () => {
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe('invalid input', () => {
  it('answers BAD_USER_INPUT naming the field for a malformed account', async () => {
    const admin = await stack.token({ roles: ['ADMIN'], tenants: [tenants.demo] });
    const response = await graphql(
      stack.gatewayUrl,
      admin,
      `
        mutation ($input: CreateAccountInput!) {
          createAccount(input: $input) {
            id
          }
        }
      `,
      { input: { tenantId: tenants.demo, displayName: 'Bad Email', email: 'not-an-email', phone: '555' } },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const text = JSON.stringify(response.errors);
    expect(text).toContain('email must be an email address');
    expect(text).toContain('phone must be E.164');
  });
});
